namespace Messenger.Signalling.Tests.Infrastructure;

/// <summary>
/// Test classes that drive several Chromium tabs encoding and decoding video run one after another, not side by side:
/// on two cores, parallel browser classes starve each other's encoders and the media they assert on stalls.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
