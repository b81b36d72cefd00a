namespace Messenger.ChatCore.Calls;

/// <summary>A shareable link into a group's call. The token itself is shown once, at creation; only its hash is stored.</summary>
public sealed record CallLink(
    string Id, string ConversationId, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt)
{
    public bool IsValidAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}

/// <summary>A link just created, with the token to share.</summary>
public sealed record CreatedCallLink(CallLink Link, string Token);

public interface ICallLinkStore
{
    Task InsertAsync(CallLink link, string tokenHash, CancellationToken cancellationToken);

    Task<CallLink?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Marks the link revoked; false when it was already revoked.</summary>
    Task<bool> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);
}
