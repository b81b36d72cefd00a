using Messenger.MediaServer.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Messenger.MediaServer.Tests.Hosting;

public sealed class MediaNodeTests
{
    /// <summary>
    /// The host stops the node, then the container disposes it once as the MediaNode singleton and once more as
    /// the instance the hosted-service factory returned. None of that may throw (it used to: a disposed
    /// CancellationTokenSource was cancelled again, which failed every test host's shutdown).
    /// </summary>
    [Fact]
    public async Task Stopping_then_disposing_twice_is_harmless()
    {
        var options = Options.Create(new MediaServerOptions { UdpPort = 0, BindAddress = "127.0.0.1" });
        var node = new MediaNode(options, TimeProvider.System, NullLogger<MediaNode>.Instance);
        await node.StartAsync(CancellationToken.None);
        Assert.NotNull(node.Transport.LocalEndPoint);

        await node.StopAsync(CancellationToken.None);
        await node.DisposeAsync();
        var second = await Record.ExceptionAsync(async () => await node.DisposeAsync());

        Assert.Null(second);
    }
}
