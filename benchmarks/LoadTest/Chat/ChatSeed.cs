using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Sessions;
using Messenger.ChatCore.Storage;
using Messenger.Signalling.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Messenger.LoadTest.Chat;

/// <summary>The scenario's users (one device and one access token each) and the group each client posts to.</summary>
public sealed record ChatSeed(IReadOnlyList<string> Tokens, IReadOnlyList<string> GroupOf)
{
    /// <summary>
    /// Creates the users, their device sessions and groups through a host's services, not the REST API: hashing
    /// thousands of passwords would dominate the set-up and is not what is measured. Tokens are signed with the key
    /// under the data folder, so a host started later on that folder accepts them. Client i is in group i % groups.
    /// </summary>
    public static async Task<ChatSeed> CreateAsync(IServiceProvider services, LoadOptions options)
    {
        var users = services.GetRequiredService<IUserStore>();
        var sessions = services.GetRequiredService<DeviceSessionService>();
        var issuer = services.GetRequiredService<TokenIssuer>();
        var conversations = services.GetRequiredService<ConversationService>();
        var accounts = new List<UserAccount>(options.Clients);
        var tokens = new List<string>(options.Clients);
        for (var i = 0; i < options.Clients; i++)
        {
            var account = new UserAccount(Guid.CreateVersion7().ToString("N"), $"load{i}", $"Load {i}", "", DateTimeOffset.UtcNow);
            await users.TryInsertAsync(account, "not-a-password-hash", CancellationToken.None);
            var session = (await sessions.StartAsync(account, "load", CancellationToken.None)).Value!;
            accounts.Add(account);
            tokens.Add(issuer.IssueAccessToken(account, session.Session).Token);
        }

        var groupOf = new string[options.Clients];
        for (var g = 0; g < options.Groups; g++)
        {
            var members = Enumerable.Range(0, options.Clients).Where(i => i % options.Groups == g).ToList();
            var created = await conversations.CreateAsync(accounts[members[0]].Id, ConversationKind.Group, $"Group {g}",
                members.Skip(1).Select(i => accounts[i].Id).ToList(), CancellationToken.None);
            foreach (var i in members)
            {
                groupOf[i] = created.Value!.Id;
            }
        }

        return new ChatSeed(tokens, groupOf);
    }
}
