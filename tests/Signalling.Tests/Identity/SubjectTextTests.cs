using System.Text.Json;
using Messenger.Signalling.Identity;

namespace Messenger.Signalling.Tests.Identity;

/// <summary>
/// Regression: the userinfo subject was read with GetString, which throws on ESIA's numeric person ids, so a provider
/// answering userinfo with a numeric "sub" failed the sign-in with a server error instead of comparing the subjects.
/// </summary>
public sealed class SubjectTextTests
{
    [Theory]
    [InlineData("\"248c9e1a\"", "248c9e1a")]
    [InlineData("1000299654", "1000299654")]
    [InlineData("1.5", null)]
    [InlineData("true", null)]
    [InlineData("{\"oid\":1}", null)]
    [InlineData("null", null)]
    public void A_subject_is_a_string_or_an_integer(string json, string? expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, IdTokenValidator.SubjectText(document.RootElement));
    }
}
