using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Sessions;
using Messenger.ChatCore.Storage.Sqlite;
using Microsoft.AspNetCore.Identity;

namespace Messenger.ChatCore.Tests.Sessions;

public sealed class DeviceSessionServiceTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingListener _listener = new();
    private DeviceSessionService _sessions = null!;
    private UserAccount _account = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        var directory = new UserDirectory(
            new SqliteUserStore(_db.Database), new SqliteRelationStore(_db.Database),
            new PasswordHasher<UserAccount>(), _clock);
        _account = (await directory.RegisterAsync("owner", "password1", "Owner", CancellationToken.None)).Value!;
        _sessions = new DeviceSessionService(
            new SqliteDeviceSessionStore(_db.Database), _clock, TimeSpan.FromDays(1), [_listener]);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Rotation_chain_works_and_reuse_revokes_and_notifies()
    {
        var first = (await _sessions.StartAsync(_account, "phone", CancellationToken.None)).Value!;
        var second = (await _sessions.RefreshAsync(first.RefreshToken, CancellationToken.None)).Value!;
        var third = (await _sessions.RefreshAsync(second.RefreshToken, CancellationToken.None)).Value!;
        Assert.Equal(first.Session.Id, third.Session.Id);
        Assert.Empty(_listener.Revoked);

        var reuse = await _sessions.RefreshAsync(first.RefreshToken, CancellationToken.None);
        Assert.Equal(DirectoryErrorKind.Unauthorized, reuse.Error!.Kind);
        Assert.Equal([first.Session.Id], _listener.Revoked);
        Assert.False(await _sessions.IsActiveAsync(first.Session.Id, CancellationToken.None));
        Assert.False((await _sessions.RefreshAsync(third.RefreshToken, CancellationToken.None)).IsSuccess);
    }

    [Fact]
    public async Task Expired_refresh_token_is_refused_without_revoking()
    {
        var issued = (await _sessions.StartAsync(_account, "tablet", CancellationToken.None)).Value!;
        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.False((await _sessions.RefreshAsync(issued.RefreshToken, CancellationToken.None)).IsSuccess);
        Assert.True(await _sessions.IsActiveAsync(issued.Session.Id, CancellationToken.None));
        Assert.Empty(_listener.Revoked);
    }

    [Fact]
    public async Task Sessions_are_listed_and_revoked_per_user()
    {
        var a = (await _sessions.StartAsync(_account, "a", CancellationToken.None)).Value!;
        var b = (await _sessions.StartAsync(_account, "  ", CancellationToken.None)).Value!;
        Assert.Equal("Unnamed device", b.Session.DeviceName);
        Assert.Equal(2, (await _sessions.ListAsync(_account.Id, CancellationToken.None)).Count);

        Assert.False(await _sessions.RevokeAsync("someone-else", a.Session.Id, CancellationToken.None));
        Assert.True(await _sessions.RevokeAsync(_account.Id, a.Session.Id, CancellationToken.None));
        Assert.False(await _sessions.RevokeAsync(_account.Id, a.Session.Id, CancellationToken.None));
        var left = await _sessions.ListAsync(_account.Id, CancellationToken.None);
        Assert.Equal(b.Session.Id, Assert.Single(left).Id);
    }

    [Fact]
    public async Task Over_long_device_name_is_refused()
    {
        var result = await _sessions.StartAsync(_account, new string('d', 65), CancellationToken.None);
        Assert.Equal("deviceName", result.Error!.Field);
        Assert.Empty(await _sessions.ListAsync(_account.Id, CancellationToken.None));
    }

    private sealed class RecordingListener : IDeviceSessionListener
    {
        public List<string> Revoked { get; } = [];

        public void OnSessionRevoked(string sessionId) => Revoked.Add(sessionId);
    }
}
