using System.Net.Http.Headers;
using System.Text;
using Messenger.ChatCore.Bots;
using Microsoft.Extensions.Options;

namespace Messenger.Signalling.Bots;

/// <summary>
/// Posts each bot's updates to its webhook, oldest first and one at a time per bot (as Telegram does, so a bot sees
/// them in order). A 2xx confirms the update; anything else (or no answer within the timeout) is retried with
/// exponential backoff and dropped after <see cref="BotOptions.WebhookMaxAttempts"/> attempts, the reason kept for
/// getWebhookInfo. The secret goes in <see cref="SecretHeader"/> so the bot can tell our calls from anyone else's.
/// </summary>
public sealed partial class WebhookSender(
    IBotStore store, BotSignals signals, IOptions<BotOptions> options, TimeProvider clock, ILogger<WebhookSender> logger)
    : BackgroundService
{
    public const string SecretHeader = "X-Messenger-Bot-Api-Secret-Token";

    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = (context, ct) => WebhookAddressPolicy.ConnectAsync(context, options.Value.AllowPrivateWebhookAddresses, ct),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = signals.WhenAny;
            var wait = IdlePoll;
            try
            {
                var now = clock.GetUtcNow();
                var heads = await store.ListWebhookHeadsAsync(stoppingToken).ConfigureAwait(false);
                var due = heads.Where(h => h.Update.NextAttemptAt <= now).ToList();
                if (due.Count > 0)
                {
                    await Task.WhenAll(due.Select(d => DeliverAsync(d, stoppingToken))).ConfigureAwait(false);
                    continue;
                }

                foreach (var head in heads)
                {
                    var until = head.Update.NextAttemptAt - now;
                    wait = until < wait ? until : wait;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogLoopFailed(logger, exception);
            }

            using var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(wake, Task.Delay(wait, clock, delay.Token)).ConfigureAwait(false);
            await delay.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken stoppingToken)
    {
        var update = delivery.Update;
        var error = await PostAsync(delivery, stoppingToken).ConfigureAwait(false);
        if (error is null)
        {
            await store.RemoveUpdateAsync(delivery.BotId, update.UpdateId, stoppingToken).ConfigureAwait(false);
            if (update.Attempts > 0)
            {
                await store.SetWebhookErrorAsync(delivery.BotId, null, stoppingToken).ConfigureAwait(false);
            }

            return;
        }

        var attempts = update.Attempts + 1;
        if (attempts >= options.Value.WebhookMaxAttempts)
        {
            LogDropped(logger, update.UpdateId, delivery.BotId, attempts, error);
            await store.RemoveUpdateAsync(delivery.BotId, update.UpdateId, stoppingToken).ConfigureAwait(false);
            await store.SetWebhookErrorAsync(delivery.BotId, $"update {update.UpdateId} dropped after {attempts} attempts: {error}", stoppingToken)
                .ConfigureAwait(false);
            return;
        }

        await store.DeferUpdateAsync(delivery.BotId, update.UpdateId, attempts, clock.GetUtcNow() + options.Value.RetryDelay(attempts), stoppingToken)
            .ConfigureAwait(false);
        await store.SetWebhookErrorAsync(delivery.BotId, error, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Null when the webhook took the update, else why not.</summary>
    private async Task<string?> PostAsync(WebhookDelivery delivery, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.WebhookTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(BotUpdateQueue.Render(delivery.Update).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (delivery.Secret is { } secret)
        {
            request.Headers.TryAddWithoutValidation(SecretHeader, secret);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException exception)
        {
            return exception.Message;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return "timed out";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery loop failed; retrying.")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped update {UpdateId} of bot {BotId} after {Attempts} failed webhook attempts ({Error}).")]
    private static partial void LogDropped(ILogger logger, long updateId, string botId, int attempts, string error);
}
