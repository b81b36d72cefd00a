using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Storage.Sqlite;
using Microsoft.AspNetCore.Identity;

namespace Messenger.ChatCore.Tests.Directory;

/// <summary>Linked provider identities and the verified badge, on a real SQLite file (issue #7).</summary>
public sealed class ExternalIdentityServiceTests : IAsyncLifetime
{
    private static readonly VerifiedAttributes Checked = new("Ivanov Ivan", new DateOnly(1985, 3, 2), DocumentsChecked: true);
    private static readonly VerifiedAttributes Unchecked = new("Ivan I.", null, DocumentsChecked: false);

    private readonly TempDatabase _db = new();
    private readonly ManualClock _clock = new(DateTimeOffset.UnixEpoch.AddYears(56));
    private SqliteUserStore _users = null!;
    private SqliteExternalIdentityStore _identities = null!;
    private ExternalIdentityService _service = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _users = new SqliteUserStore(_db.Database);
        _identities = new SqliteExternalIdentityStore(_db.Database);
        _service = new ExternalIdentityService(_users, _identities, new PasswordHasher<UserAccount>(), _clock);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task A_taken_derived_username_makes_the_next_attempt_longer()
    {
        var first = ExternalIdentityService.DeriveUsername("esia", "s-1", 0);
        Assert.True(await _users.TryInsertAsync(new UserAccount("squatter", first, "Squatter", "", _clock.GetUtcNow()), "h", default));

        var signIn = await _service.SignInAsync("esia", "s-1", Checked, default);

        Assert.True(signIn.Value!.Created);
        Assert.Equal(ExternalIdentityService.DeriveUsername("esia", "s-1", 1), signIn.Value.Account.Username);
        Assert.Equal("Ivanov Ivan", signIn.Value.Account.DisplayName);
        Assert.Equal(signIn.Value.Account.Id, (await _identities.FindAsync("esia", "s-1", default))!.UserId);
    }

    [Fact]
    public async Task Creating_an_account_for_a_taken_subject_leaves_no_account_behind()
    {
        var owner = (await _service.SignInAsync("esia", "s-2", Checked, default)).Value!.Account;
        var now = _clock.GetUtcNow();
        var orphan = new UserAccount("orphan", "orphan_user", "Orphan", "", now);

        var inserted = await _identities.TryInsertWithAccountAsync(
            orphan, "h", new ExternalIdentity("esia", "s-2", orphan.Id, Checked, now, now), default);

        Assert.False(inserted);
        Assert.Null(await _users.FindByIdAsync(orphan.Id, default));
        Assert.Equal(owner.Id, (await _identities.FindAsync("esia", "s-2", default))!.UserId);
    }

    [Fact]
    public async Task The_badge_prefers_checked_documents_and_falls_back_when_a_link_goes()
    {
        Assert.True(await _users.TryInsertAsync(new UserAccount("u", "user_u", "U", "", _clock.GetUtcNow()), "h", default));
        await _service.LinkAsync("u", "esia", "s-3", Checked, default);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _service.LinkAsync("u", "plain", "p-3", Unchecked, default);

        var badge = (await _users.FindByIdAsync("u", default))!.Verified!;
        Assert.Equal(("esia", "Ivanov Ivan", new DateOnly(1985, 3, 2), true), (badge.Provider, badge.FullName, badge.BirthDate, badge.DocumentsChecked));

        Assert.True(await _service.UnlinkAsync("u", "esia", default));
        Assert.Equal("plain", (await _users.FindByIdAsync("u", default))!.Verified!.Provider);
        Assert.True(await _service.UnlinkAsync("u", "plain", default));
        Assert.Null((await _users.FindByIdAsync("u", default))!.Verified);
        Assert.False(await _service.UnlinkAsync("u", "plain", default));
    }

    [Fact]
    public async Task A_subject_has_one_owner_and_a_user_one_account_per_provider()
    {
        Assert.True(await _users.TryInsertAsync(new UserAccount("a", "user_a", "A", "", _clock.GetUtcNow()), "h", default));
        Assert.True(await _users.TryInsertAsync(new UserAccount("b", "user_b", "B", "", _clock.GetUtcNow()), "h", default));
        Assert.True((await _service.LinkAsync("a", "esia", "s-4", Checked, default)).IsSuccess);

        var stolen = await _service.LinkAsync("b", "esia", "s-4", Checked, default);
        var second = await _service.LinkAsync("a", "esia", "s-5", Checked, default);
        var relinked = await _service.LinkAsync("a", "esia", "s-4", Unchecked, default);

        Assert.Equal((DirectoryErrorKind.Conflict, "provider"), (stolen.Error!.Kind, stolen.Error.Field));
        Assert.Equal((DirectoryErrorKind.Conflict, "provider"), (second.Error!.Kind, second.Error.Field));
        Assert.False(relinked.Value!.Attributes.DocumentsChecked);
        Assert.Null((await _users.FindByIdAsync("b", default))!.Verified);
    }
}
