using System.Data.Common;
using Dapper;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Storage.Sqlite;

/// <summary>
/// One connection (and, for writes, one transaction) of <see cref="SqliteChatStore"/>. The partial files split it by
/// concern: conversations and members, messages, search, and the update log.
/// </summary>
internal sealed partial class SqliteChatSession(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    : IChatWriter
{
    private readonly List<ChatUpdate> _appended = [];

    public IReadOnlyList<ChatUpdate> Appended => _appended;

    private CommandDefinition Command(string sql, object? parameters = null) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
