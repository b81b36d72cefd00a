using System.Security.Cryptography;
using System.Text;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;

namespace Messenger.ChatCore.Calls;

/// <summary>
/// Call links for group rooms: any member may create one, it expires after its lifetime, and its creator or a group
/// admin may revoke it. Whoever holds a valid link may join the group's call without being a member.
/// </summary>
public sealed class CallLinkService(ChatTransactions transactions, ICallLinkStore store, TimeProvider clock)
{
    public async Task<Result<CreatedCallLink>> CreateAsync(
        string userId, string? conversationId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var access = await transactions.Store.ReadAsync(
            reader => ChatTransactions.RequireMemberAsync(reader, conversationId, userId), cancellationToken).ConfigureAwait(false);
        if (!access.IsSuccess)
        {
            return access.Error!;
        }

        if (access.Value!.Conversation.Kind != ConversationKind.Group)
        {
            return ChatErrors.Forbidden("conversationId", "Call links are for group rooms only.");
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNowMs();
        var link = new CallLink(Guid.CreateVersion7().ToString("N"), conversationId!, userId, now, now + lifetime, null);
        await store.InsertAsync(link, Hash(token), cancellationToken).ConfigureAwait(false);
        return new CreatedCallLink(link, token);
    }

    /// <summary>The link, while it is neither expired nor revoked; otherwise the same "not found" for all three.</summary>
    public async Task<Result<CallLink>> ResolveAsync(string? token, CancellationToken cancellationToken)
    {
        var link = string.IsNullOrEmpty(token) ? null : await store.FindByTokenHashAsync(Hash(token), cancellationToken).ConfigureAwait(false);
        return link is not null && link.IsValidAt(clock.GetUtcNowMs()) ? link : Gone();
    }

    public async Task<Result<bool>> RevokeAsync(string userId, string? token, CancellationToken cancellationToken)
    {
        var link = string.IsNullOrEmpty(token) ? null : await store.FindByTokenHashAsync(Hash(token), cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return Gone();
        }

        if (!string.Equals(link.CreatedBy, userId, StringComparison.Ordinal))
        {
            var access = await transactions.Store.ReadAsync(
                reader => ChatTransactions.RequireMemberAsync(reader, link.ConversationId, userId), cancellationToken).ConfigureAwait(false);
            if (!access.IsSuccess)
            {
                return Gone();
            }

            if (access.Value!.Member.Role < MemberRole.Admin)
            {
                return ChatErrors.Forbidden("role", "Only the link's creator or a group admin may revoke it.");
            }
        }

        await store.RevokeAsync(link.Id, clock.GetUtcNowMs(), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static DirectoryError Gone() =>
        new(DirectoryErrorKind.NotFound, "token", "This call link is unknown, expired or revoked.");

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
