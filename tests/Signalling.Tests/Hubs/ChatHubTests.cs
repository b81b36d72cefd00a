using System.Net;
using Messenger.Signalling.Hubs;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messenger.Signalling.Tests.Hubs;

public sealed class ChatHubTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TestHost _host = fixture.Host;

    private HubConnection Connect(string accessToken) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_host.BaseAddress, "/hub"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken))
            .Build();

    [Fact]
    public async Task Hub_knows_the_caller_and_drops_a_revoked_device_at_once()
    {
        var phone = await _host.SignUpAsync("hubuser", device: "phone");
        var laptop = await _host.LoginAsync("hubuser", device: "laptop");
        await using var connection = Connect(laptop.AccessToken);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await connection.StartAsync();

        var identity = await connection.InvokeAsync<ConnectionIdentity>("WhoAmI");
        Assert.Equal(laptop.UserId, identity.UserId);
        Assert.Equal(laptop.DeviceId, identity.DeviceId);

        using var phoneClient = _host.Client(phone.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await phoneClient.DeleteAsync($"/api/devices/{laptop.DeviceId}")).StatusCode);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);

        // The same token can't open a new connection either.
        await using var retry = Connect(laptop.AccessToken);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => retry.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Hub_refuses_a_connection_without_a_token()
    {
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(_host.BaseAddress, "/hub")).Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
