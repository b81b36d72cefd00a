using System.Globalization;
using System.Threading.RateLimiting;
using Messenger.Signalling.Hosting;
using Microsoft.AspNetCore.RateLimiting;

namespace Messenger.Signalling.Api;

/// <summary>
/// Register and login are limited twice: per client IP by the ASP.NET Core rate-limiting middleware (policy
/// <see cref="PerIpPolicy"/>), and per username by <see cref="UsernameLimiter"/>, which the endpoints consult once
/// they have read the body. Both answer 429 with Retry-After.
/// </summary>
public static class AuthRateLimits
{
    public const string PerIpPolicy = "auth-per-ip";

    public static IServiceCollection AddAuthRateLimits(this IServiceCollection services, MessengerOptions options)
    {
        services.AddSingleton(new UsernameLimiter(options));
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PerIpPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => Window(options.AuthPermitsPerIp, options.AuthRateWindow)));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.AuthRateWindow;
                await TooManyRequests(retryAfter, "ip").ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            };
        });
        return services;
    }

    public static IResult TooManyRequests(TimeSpan retryAfter, string field) =>
        new RetryAfterResult(
            Problems.Field(StatusCodes.Status429TooManyRequests, "Too many requests", field,
                "Too many attempts; wait before trying again."),
            retryAfter);

    internal static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private sealed class RetryAfterResult(IResult inner, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter =
                Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>Fixed-window attempts per normalised username, so one account can't be guessed at from many IPs.</summary>
public sealed class UsernameLimiter(MessengerOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        username => RateLimitPartition.GetFixedWindowLimiter(
            username, _ => AuthRateLimits.Window(options.AuthPermitsPerUsername, options.AuthRateWindow)));

    /// <summary>Returns null when the attempt may go ahead, else how long to wait.</summary>
    public TimeSpan? TryAcquire(string normalizedUsername)
    {
        using var lease = _limiter.AttemptAcquire(normalizedUsername);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.AuthRateWindow;
    }

    public void Dispose() => _limiter.Dispose();
}
