using Messenger.ChatCore.Attachments;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Presence;
using Messenger.ChatCore.Receipts;
using Messenger.ChatCore.Storage;
using Messenger.ChatCore.Storage.Sqlite;
using Messenger.ChatCore.Sync;
using Microsoft.AspNetCore.Identity;

namespace Messenger.ChatCore.Tests;

/// <summary>The chat services over a temp SQLite file, with a sink that records what would be pushed.</summary>
public sealed class ChatFixture : IAsyncLifetime
{
    private readonly TempDatabase _db = new();

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public ChatOptions Options { get; } = new() { MaxGroupMembers = 4, MaxMessageLength = 100, SharedReceiptsMaxMembers = 3 };

    public RecordingSink Sink { get; } = new();

    public SqliteDatabase Database => _db.Database;

    public UserDirectory Directory { get; private set; } = null!;

    public IChatStore Store { get; private set; } = null!;

    public ConversationService Conversations { get; private set; } = null!;

    public MessageService Messages { get; private set; } = null!;

    public MessageActions Actions { get; private set; } = null!;

    public ReceiptService Receipts { get; private set; } = null!;

    public HistoryService History { get; private set; } = null!;

    public SyncService Sync { get; private set; } = null!;

    public PresenceService Presence { get; private set; } = null!;

    public BlobStore Blobs { get; private set; } = null!;

    public AttachmentService Attachments { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        var relations = new SqliteRelationStore(_db.Database);
        Directory = new UserDirectory(new SqliteUserStore(_db.Database), relations, new PasswordHasher<UserAccount>(), Clock);
        Store = new SqliteChatStore(_db.Database);
        var transactions = new ChatTransactions(Store, Sink);
        Conversations = new ConversationService(transactions, Directory, Options, Clock);
        Blobs = new BlobStore(Path.Combine(Path.GetDirectoryName(_db.Path)!, "blobs"));
        Attachments = new AttachmentService(new SqliteAttachmentStore(_db.Database), Blobs, Options, Clock);
        Messages = new MessageService(transactions, Directory, Attachments, Options, Clock);
        Actions = new MessageActions(transactions, Options, Clock);
        Receipts = new ReceiptService(transactions, Options, Clock);
        History = new HistoryService(Store);
        Sync = new SyncService(Store);
        Presence = new PresenceService(new SqlitePresenceStore(_db.Database), Store, relations, Clock);
    }

    public async Task DisposeAsync()
    {
        await ((SqliteChatStore)Store).DisposeAsync();
        await _db.DisposeAsync();
    }

    public async Task<string> UserAsync(string name) =>
        (await Directory.RegisterAsync(name, "password1", name, CancellationToken.None)).Value!.Id;

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table};";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<ChatMessage> SendAsync(string sender, string conversationId, string text, string? clientId = null) =>
        (await Messages.SendAsync(sender, new SendMessage(conversationId, null, clientId ?? Guid.NewGuid().ToString("N"), text, null),
            CancellationToken.None)).Value!.Message;

    public async Task<IReadOnlyList<ChatUpdate>> SyncAllAsync(string userId, long since = 0) =>
        (await Sync.PageAsync(userId, since, SyncService.MaxLimit, CancellationToken.None)).Value!.Updates;

    public sealed class RecordingSink : IChatUpdateSink
    {
        public List<ChatUpdate> Published { get; } = [];

        public Task PublishAsync(IReadOnlyList<ChatUpdate> updates, CancellationToken cancellationToken)
        {
            lock (Published)
            {
                Published.AddRange(updates);
            }

            return Task.CompletedTask;
        }
    }
}
