using Messenger.ChatCore.Directory;

namespace Messenger.ChatCore.Storage;

/// <summary>The one-way relations a user keeps towards others.</summary>
public enum RelationKind
{
    Contact = 1,
    Block = 2,
}

/// <summary>Contacts and blocks: rows of (owner, other, kind).</summary>
public interface IRelationStore
{
    /// <summary>Adds the relation; adding one that exists is not an error (PUT is idempotent).</summary>
    Task AddAsync(RelationKind kind, string ownerId, string otherId, DateTimeOffset at, CancellationToken cancellationToken);

    Task<bool> RemoveAsync(RelationKind kind, string ownerId, string otherId, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(RelationKind kind, string ownerId, string otherId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RelatedUser>> ListAsync(RelationKind kind, string ownerId, CancellationToken cancellationToken);
}

public sealed record RelatedUser(UserProfile User, DateTimeOffset Since);
