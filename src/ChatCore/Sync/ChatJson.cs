using System.Text.Json;

namespace Messenger.ChatCore.Sync;

/// <summary>The JSON shape of stored update data and message columns: the web defaults (camelCase), as on the wire.</summary>
public static class ChatJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}

/// <summary>Enums travel as camelCase names ("group", "admin"), the same in REST, hub payloads and stored updates.</summary>
public sealed class CamelCaseEnumConverter<TEnum>() : System.Text.Json.Serialization.JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase)
    where TEnum : struct, Enum;
