using System.Globalization;
using System.Text.Json;
using Messenger.ChatCore.Bots;

namespace Messenger.Signalling.Bots;

/// <summary>
/// A Bot API call's parameters, from wherever Telegram accepts them: the query string, a JSON body, or a form
/// (urlencoded or multipart, the latter also carrying files). Structured parameters such as reply_markup may be JSON
/// objects or JSON text, as in Telegram.
/// </summary>
public sealed class BotRequest
{
    private readonly Dictionary<string, JsonElement> _json = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _text = new(StringComparer.Ordinal);

    public IFormFileCollection? Files { get; private set; }

    /// <summary>The parsed request, or null when the body is not valid JSON or form data.</summary>
    public static async Task<BotRequest?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var parsed = new BotRequest();
        foreach (var (key, value) in request.Query)
        {
            parsed._text[key] = value.ToString();
        }

        if (!HttpMethods.IsPost(request.Method) || request.ContentLength == 0)
        {
            return parsed;
        }

        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
                foreach (var (key, value) in form)
                {
                    parsed._text[key] = value.ToString();
                }

                parsed.Files = form.Files;
            }
            else if (request.HasJsonContentType())
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    parsed._json[property.Name] = property.Value.Clone();
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException or IOException)
        {
            return null;
        }

        return parsed;
    }

    public bool Has(string name) => _json.ContainsKey(name) || _text.ContainsKey(name);

    /// <summary>A string parameter (numbers given as JSON numbers are accepted as their text).</summary>
    public string? String(string name) =>
        _json.TryGetValue(name, out var json)
            ? json.ValueKind switch
            {
                JsonValueKind.String => json.GetString(),
                JsonValueKind.Number => json.GetRawText(),
                _ => null,
            }
            : _text.GetValueOrDefault(name);

    /// <summary>An integer parameter: null when absent, <paramref name="invalid"/> set when present but not an integer.</summary>
    public long? Long(string name, out bool invalid)
    {
        invalid = false;
        if (_json.TryGetValue(name, out var json))
        {
            if (json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out var number))
            {
                return number;
            }

            if (json.ValueKind != JsonValueKind.String)
            {
                invalid = json.ValueKind != JsonValueKind.Null;
                return null;
            }
        }

        var text = String(name);
        if (text is null)
        {
            return null;
        }

        invalid = !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed);
        return invalid ? null : parsed;
    }

    public bool Bool(string name) =>
        _json.TryGetValue(name, out var json)
            ? json.ValueKind == JsonValueKind.True || (json.ValueKind == JsonValueKind.String && IsTrue(json.GetString()))
            : IsTrue(_text.GetValueOrDefault(name));

    /// <summary>reply_markup as an object or as JSON text; <paramref name="invalid"/> when present but malformed.</summary>
    public InlineKeyboardMarkup? Markup(string name, out bool invalid)
    {
        invalid = false;
        try
        {
            if (_json.TryGetValue(name, out var json) && json.ValueKind == JsonValueKind.Object)
            {
                return Require(json.Deserialize<InlineKeyboardMarkup>(BotJson.Options), out invalid);
            }

            return String(name) is { } text
                ? Require(JsonSerializer.Deserialize<InlineKeyboardMarkup>(text, BotJson.Options), out invalid)
                : null;
        }
        catch (JsonException)
        {
            invalid = true;
            return null;
        }
    }

    private static InlineKeyboardMarkup? Require(InlineKeyboardMarkup? markup, out bool invalid)
    {
        invalid = markup?.InlineKeyboard is null;
        return invalid ? null : markup;
    }

    private static bool IsTrue(string? value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1";
}
