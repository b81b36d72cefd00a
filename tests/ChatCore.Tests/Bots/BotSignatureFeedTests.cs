using System.Text;
using System.Text.Json;
using Messenger.ChatCore.Bots;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Documents;
using Messenger.ChatCore.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messenger.ChatCore.Tests.Bots;

/// <summary>
/// Signatures reach the requesting bot through the chat log, not through an in-memory callback: a signature that
/// committed while no feed was running (a crash right after the commit) is still turned into the bot's update when the
/// feed next reads the log, exactly once; later document.updated entries that add no signature give nothing.
/// </summary>
public sealed class BotSignatureFeedTests : IAsyncLifetime
{
    private readonly ChatFixture _chat = new();
    private readonly CancellationToken _ct = CancellationToken.None;
    private readonly string _keyFolder = Path.Combine(Path.GetTempPath(), "messenger-core-tests", Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => _chat.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _chat.DisposeAsync();
        if (System.IO.Directory.Exists(_keyFolder))
        {
            System.IO.Directory.Delete(_keyFolder, recursive: true);
        }
    }

    [Fact]
    public async Task A_signature_committed_before_the_feed_runs_becomes_one_signature_update_for_the_requesting_bot()
    {
        var store = new SqliteBotStore(_chat.Database);
        var alice = await _chat.UserAsync("alice");
        var bob = await _chat.UserAsync("bob");
        var bot = (await new BotService(store, _chat.Clock).CreateAsync(alice, "notary_bot", "Notary", _ct)).Value!.Bot;
        var group = (await _chat.Conversations.CreateAsync(alice, ConversationKind.Group, "Deal", [bob, bot.Id], _ct)).Value!.Id;
        var options = new DocumentOptions();
        var transactions = new ChatTransactions(_chat.Store, _chat.Sink);
        var documents = new DocumentService(transactions, _chat.Attachments, _chat.Directory, options, _chat.Options, _chat.Clock);
        var keys = new SigningKeyService(new SqliteSigningKeyStore(_chat.Database), SigningKeyVault.LoadOrCreate(_keyFolder), _chat.Clock);
        var signatures = new DocumentSignatureService(transactions, _chat.Attachments, new CmsSignatureVerifier(new TrustedRoots([]), _chat.Clock),
            keys, options, _chat.Clock, [], NullLogger<DocumentSignatureService>.Instance);

        var contract = Encoding.UTF8.GetBytes("Contract text\n");
        var file = (await _chat.Attachments.UploadAsync(bot.Id, new MemoryStream(contract), "contract.txt", false, _ct)).Value!;
        var posted = (await documents.PostDocumentAsync(bot.Id, group, file.Id, "Contract", requestSignature: true, cancellationToken: _ct)).Value!;
        var documentId = posted.Message.Document!.Id;
        var bobKey = SigningKeyFactory.Generate(SignatureAlgorithms.EcdsaP256, "Bob", _chat.Clock.GetUtcNow());
        var cms = CmsDocumentSigner.Sign(contract, bobKey, _chat.Clock.GetUtcNow());
        var signed = await signatures.AddClientSignatureAsync(bob, documentId, cms, _ct);
        Assert.True(signed.IsSuccess, signed.Error?.Message);

        // Only now does the feed read the log.
        Assert.NotNull(await store.FeedFromChatLogAsync(500, _chat.Clock.GetUtcNow(), _ct));
        var update = Assert.Single(await store.ConfirmAndListAsync(bot.Id, 0, 100, _ct));
        Assert.Equal(BotUpdateKinds.Signature, update.Kind);
        var payload = JsonDocument.Parse(update.Payload).RootElement;
        Assert.Equal((signed.Value!.Id, documentId, posted.Message.Seq, bob), (payload.GetProperty("id").GetString(),
            payload.GetProperty("document_id").GetString(), payload.GetProperty("message_id").GetInt64(),
            payload.GetProperty("signer").GetProperty("id").GetString()));
        Assert.Equal(cms, Convert.FromBase64String(payload.GetProperty("signature").GetString()!));
        Assert.Equal("untrusted", payload.GetProperty("status").GetString());

        // A new version marks this one superseded (a document.updated entry without a new signature): nothing more.
        var second = (await _chat.Attachments.UploadAsync(bot.Id, new MemoryStream(Encoding.UTF8.GetBytes("v2\n")), "v2.txt", false, _ct)).Value!;
        Assert.True((await documents.PostDocumentAsync(bot.Id, group, second.Id, "Contract", requestSignature: true, supersedes: documentId,
            cancellationToken: _ct)).IsSuccess);
        Assert.NotNull(await store.FeedFromChatLogAsync(500, _chat.Clock.GetUtcNow(), _ct));
        Assert.Null(await store.FeedFromChatLogAsync(500, _chat.Clock.GetUtcNow(), _ct));
        Assert.Single(await store.ConfirmAndListAsync(bot.Id, 0, 100, _ct));
    }
}
