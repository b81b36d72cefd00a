using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Messenger.Signalling.Bots;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace Messenger.Signalling.Tests.Bots;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel) playing a bot's webhook: it records every delivery with the secret
/// header it carried, and answers each as <c>answer(deliveryNumber, body)</c> decides (200 when no rule is given).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<int, JsonElement, HttpStatusCode> _answer;
    private readonly Channel<WebhookDelivery> _received = Channel.CreateUnbounded<WebhookDelivery>();
    private int _count;

    private WebhookReceiver(WebApplication app, Func<int, JsonElement, HttpStatusCode> answer)
    {
        _app = app;
        _answer = answer;
    }

    public string Url { get; private set; } = "";

    public int Pending => _received.Reader.Count;

    public static async Task<WebhookReceiver> StartAsync(Func<int, JsonElement, HttpStatusCode>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var receiver = new WebhookReceiver(builder.Build(), answer ?? ((_, _) => HttpStatusCode.OK));
        receiver._app.MapPost("/hook", (Delegate)receiver.ReceiveAsync);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hook";
        return receiver;
    }

    public async Task<WebhookDelivery> NextAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await _received.Reader.ReadAsync(patience.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext http)
    {
        using var document = await JsonDocument.ParseAsync(http.Request.Body);
        var body = document.RootElement.Clone();
        var status = _answer(Interlocked.Increment(ref _count), body);
        _received.Writer.TryWrite(new WebhookDelivery(http.Request.Headers[WebhookSender.SecretHeader].ToString(), body, status));
        return Results.StatusCode((int)status);
    }
}

internal sealed record WebhookDelivery(string Secret, JsonElement Body, HttpStatusCode Answered);
