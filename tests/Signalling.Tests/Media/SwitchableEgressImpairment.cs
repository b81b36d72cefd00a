using Messenger.MediaServer.Hosting;
using Messenger.MediaServer.Transport;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Media;

/// <summary>
/// The media node reads <see cref="Messenger.MediaServer.Hosting.MediaNode.EgressImpairment"/> once, when it is built, so tests install this
/// switch there and turn loss or a rate cap on and off while media flows.
/// </summary>
internal sealed class SwitchableEgressImpairment : IEgressImpairment
{
    private volatile IEgressImpairment? _current;

    /// <summary>The impairment in force now; null sends everything.</summary>
    public IEgressImpairment? Current
    {
        get => _current;
        set => _current = value;
    }

    public EgressVerdict Evaluate(int datagramLength) => _current?.Evaluate(datagramLength) ?? EgressVerdict.Send;
}

/// <summary>
/// A host of its own whose media node egress goes through a <see cref="SwitchableEgressImpairment"/>. The static hook
/// is process-wide, so it is set only while this host's media node is built and cleared right after; the tests
/// using it sit in the non-parallel "media-impairment" collection so no other host is built meanwhile.
/// </summary>
public sealed class ImpairedHostFixture : IAsyncLifetime
{
    internal SwitchableEgressImpairment Egress { get; } = new();

    public TestHost Host { get; } = new();

    public async Task InitializeAsync()
    {
        Messenger.MediaServer.Hosting.MediaNode.EgressImpairment = Egress;
        try
        {
            await Host.StartAsync();
        }
        finally
        {
            Messenger.MediaServer.Hosting.MediaNode.EgressImpairment = null;
        }
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Impairment tests run alone: nothing else builds a media node or loads the two cores meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MediaImpairmentCollection
{
    public const string Name = "media-impairment";
}
