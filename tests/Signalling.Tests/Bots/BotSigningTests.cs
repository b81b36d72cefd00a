using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Messenger.ChatCore.Documents;
using Messenger.Signalling.Tests.Infrastructure;
using Org.BouncyCastle.Cms;

namespace Messenger.Signalling.Tests.Bots;

/// <summary>
/// Signing requests end to end on the real host (issue #7): a service's bot sends a document with request_signature,
/// the user sees a document message and signs it (with a server-held key, or a .p7s made on the device), and the bot
/// receives the CMS in a signature update, by long polling or at its webhook; BouncyCastle verifies that CMS against
/// the document's bytes, independently of the server.
/// </summary>
public sealed class BotSigningTests
{
    private static readonly byte[] Contract = Encoding.UTF8.GetBytes("%PDF-1.4\nApplication for a permit, form 7\n");

    [Fact]
    public async Task A_long_polling_bot_gets_the_signature_a_user_made_with_a_server_held_key()
    {
        await using var host = new TestHost();
        await host.StartAsync();
        await using var alice = await ChatClient.ConnectAsync(host, await host.SignUpAsync("alice"), start: false);
        using var bot = await BotKit.CreateAsync(host, alice, "permit_bot");
        var chatId = (await alice.PostJsonAsync($"/api/direct/{bot.Id}/messages", new { clientMessageId = "a", text = "I apply" }))
            .GetProperty("conversationId").GetString()!;
        var offset = Assert.Single(await bot.UpdatesAsync()).GetProperty("update_id").GetInt64() + 1;

        // No title: the file name stands in. The caption is the description.
        var sent = await RequestSignatureAsync(bot, chatId, "application.pdf", ("caption", "Sign to confirm your application"));
        var sentDocument = sent.GetProperty("document");
        var documentId = sentDocument.GetProperty("document_id").GetString()!;
        Assert.Equal(("application.pdf", 1, true), (sentDocument.GetProperty("title").GetString(),
            sentDocument.GetProperty("version").GetInt32(), sentDocument.GetProperty("signature_requested").GetBoolean()));
        Assert.True(sent.GetProperty("request_signature").GetBoolean());
        Assert.Equal("Sign to confirm your application", sent.GetProperty("caption").GetString());

        // The user's client gets a document message asking for signatures, requested by the bot.
        var history = await alice.GetJsonAsync($"/api/conversations/{chatId}/messages");
        var shown = history.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("kind").GetString() == "document");
        Assert.Equal(sent.GetProperty("message_id").GetInt64(), shown.GetProperty("seq").GetInt64());
        var info = shown.GetProperty("document");
        Assert.Equal((documentId, "application.pdf", "Sign to confirm your application", true, bot.Id), (info.GetProperty("id").GetString(),
            info.GetProperty("title").GetString(), info.GetProperty("description").GetString(),
            info.GetProperty("signatureRequested").GetBoolean(), info.GetProperty("requestedBy").GetString()));

        // Alice signs with a key she has the server keep for her.
        var key = await JsonAsync(await alice.Http.PostAsJsonAsync("/api/signing-keys",
            new { algorithm = "ecdsa-p256-sha256", commonName = "Alice Applicant" }), HttpStatusCode.Created);
        var signed = await JsonAsync(await alice.Http.PostAsJsonAsync($"/api/documents/{documentId}/sign",
            new { keyId = key.GetProperty("id").GetString() }), HttpStatusCode.Created);

        var update = Assert.Single(await bot.UpdatesAsync(offset));
        var signature = update.GetProperty("signature");
        Assert.Equal((signed.GetProperty("id").GetString(), documentId, chatId, sent.GetProperty("message_id").GetInt64()),
            (signature.GetProperty("id").GetString(), signature.GetProperty("document_id").GetString(),
             signature.GetProperty("chat").GetProperty("id").GetString(), signature.GetProperty("message_id").GetInt64()));
        Assert.Equal((alice.UserId, false), (signature.GetProperty("signer").GetProperty("id").GetString(),
            signature.GetProperty("signer").GetProperty("is_bot").GetBoolean()));
        // Self-signed and not a configured root: sound but untrusted, made by the server.
        Assert.Equal(("untrusted", "Alice Applicant", "ecdsa-p256-sha256", "server"), (signature.GetProperty("status").GetString(),
            signature.GetProperty("signer_name").GetString(), signature.GetProperty("algorithm").GetString(),
            signature.GetProperty("source").GetString()));
        Assert.True(signature.TryGetProperty("signing_time", out _));

        var cms = Convert.FromBase64String(signature.GetProperty("signature").GetString()!);
        Assert.True(Verifies(cms, Contract));
        Assert.False(Verifies(cms, Encoding.UTF8.GetBytes("%PDF-1.4\nApplication for a permit, form 8\n")));

        // The bot can read it back later; once confirmed, the update is gone.
        var listed = Assert.Single((await bot.OkAsync("getDocumentSignatures", new { document_id = documentId })).EnumerateArray());
        Assert.Equal(signature.GetProperty("signature").GetString(), listed.GetProperty("signature").GetString());
        Assert.Empty((await bot.OkAsync("getUpdates", new { offset = update.GetProperty("update_id").GetInt64() + 1 })).EnumerateArray());
    }

    [Fact]
    public async Task A_webhook_bot_gets_the_signature_a_user_made_on_the_device()
    {
        var deviceKey = SigningKeyFactory.Generate(SignatureAlgorithms.EcdsaP256, "Bob Device", DateTimeOffset.UtcNow);
        var roots = Path.Combine(Path.GetTempPath(), "messenger-tests", "bot-roots-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(roots);
        try
        {
            // The device's certificate is a trusted root, so the signature is "valid".
            await File.WriteAllTextAsync(Path.Combine(roots, "bob.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Convert.ToBase64String(deviceKey.Certificate, Base64FormattingOptions.InsertLineBreaks) + "\n-----END CERTIFICATE-----\n");
            await using var host = new TestHost(new Dictionary<string, string?>
            {
                ["Messenger:Bots:AllowInsecureWebhooks"] = "true",
                ["Messenger:Bots:AllowPrivateWebhookAddresses"] = "true",
                ["Messenger:Signatures:TrustedRoots:0"] = roots,
            });
            await host.StartAsync();
            await using var hook = await WebhookReceiver.StartAsync();
            await using var alice = await ChatClient.ConnectAsync(host, await host.SignUpAsync("alice"), start: false);
            await using var bob = await ChatClient.ConnectAsync(host, await host.SignUpAsync("bob"), start: false);
            using var bot = await BotKit.CreateAsync(host, alice, "registry_bot");
            Assert.True((await bot.OkAsync("setWebhook", new { url = hook.Url, secret_token = "hook-Secret_7" })).GetBoolean());
            var group = await alice.CreateAsync("Registry", "group", bob.UserId, bot.Id);

            var sent = await RequestSignatureAsync(bot, group, "form.pdf", ("title", "Registration form"));
            var documentId = sent.GetProperty("document").GetProperty("document_id").GetString()!;
            Assert.Equal("Registration form", sent.GetProperty("document").GetProperty("title").GetString());

            var p7s = CmsDocumentSigner.Sign(Contract, deviceKey, DateTimeOffset.UtcNow);
            using var upload = new ByteArrayContent(p7s);
            upload.Headers.ContentType = new MediaTypeHeaderValue("application/pkcs7-signature");
            await JsonAsync(await bob.Http.PostAsync($"/api/documents/{documentId}/signatures", upload), HttpStatusCode.Created);

            WebhookDelivery delivery;
            do
            {
                delivery = await hook.NextAsync();
            }
            while (!delivery.Body.TryGetProperty("signature", out _));

            Assert.Equal("hook-Secret_7", delivery.Secret);
            var signature = delivery.Body.GetProperty("signature");
            Assert.Equal((documentId, group, "group", bob.UserId), (signature.GetProperty("document_id").GetString(),
                signature.GetProperty("chat").GetProperty("id").GetString(), signature.GetProperty("chat").GetProperty("type").GetString(),
                signature.GetProperty("signer").GetProperty("id").GetString()));
            Assert.Equal(("valid", "Bob Device", "client"), (signature.GetProperty("status").GetString(),
                signature.GetProperty("signer_name").GetString(), signature.GetProperty("source").GetString()));
            var cms = Convert.FromBase64String(signature.GetProperty("signature").GetString()!);
            Assert.Equal(p7s, cms); // exactly the .p7s the device made
            Assert.True(Verifies(cms, Contract));
        }
        finally
        {
            Directory.Delete(roots, recursive: true);
        }
    }

    [Fact]
    public async Task Only_the_requesting_bot_hears_of_signatures_and_only_on_its_requests()
    {
        await using var host = new TestHost();
        await host.StartAsync();
        await using var alice = await ChatClient.ConnectAsync(host, await host.SignUpAsync("alice"), start: false);
        await using var bob = await ChatClient.ConnectAsync(host, await host.SignUpAsync("bob"), start: false);
        using var requester = await BotKit.CreateAsync(host, alice, "requester_bot");
        using var bystander = await BotKit.CreateAsync(host, alice, "bystander_bot");
        var group = await alice.CreateAsync("Office", "group", bob.UserId, requester.Id, bystander.Id);
        var key = (await JsonAsync(await bob.Http.PostAsJsonAsync("/api/signing-keys",
            new { algorithm = "ecdsa-p256-sha256", commonName = "Bob" }), HttpStatusCode.Created)).GetProperty("id").GetString();

        // Alice (a person) asks for signatures herself; Bob signs: that is no bot's business.
        using var upload = new ByteArrayContent(Contract);
        var file = (await JsonAsync(await alice.Http.PostAsync("/api/attachments?name=minutes.pdf", upload), HttpStatusCode.Created))
            .GetProperty("id").GetString();
        var aliceDocument = (await JsonAsync(await alice.Http.PostAsJsonAsync($"/api/conversations/{group}/documents", new
        {
            clientMessageId = "minutes", attachmentId = file, title = "Minutes", signatureRequested = true,
        }), HttpStatusCode.Created)).GetProperty("document").GetProperty("id").GetString();
        await JsonAsync(await bob.Http.PostAsJsonAsync($"/api/documents/{aliceDocument}/sign", new { keyId = key }), HttpStatusCode.Created);

        // The requester bot asks; Bob signs that one too.
        var botDocument = (await RequestSignatureAsync(requester, group, "order.pdf"))
            .GetProperty("document").GetProperty("document_id").GetString();
        await JsonAsync(await bob.Http.PostAsJsonAsync($"/api/documents/{botDocument}/sign", new { keyId = key }), HttpStatusCode.Created);

        // A last message marks the end: the feed queues in log order, so whatever either bot was to get is before it.
        await alice.PostJsonAsync($"/api/conversations/{group}/messages", new { clientMessageId = "end", text = "end" });

        var heard = await UntilEndAsync(requester);
        Assert.Equal(["message", "signature", "message"], heard.Select(KindOf));
        Assert.Equal(botDocument, heard[1].GetProperty("signature").GetProperty("document_id").GetString());
        var others = await UntilEndAsync(bystander);
        Assert.Equal(["message", "message"], others.Select(KindOf));

        // Both bots saw Alice's document as a message carrying the document's id, title and version.
        foreach (var update in (JsonElement[])[heard[0], others[0]])
        {
            var message = update.GetProperty("message");
            var document = message.GetProperty("document");
            Assert.Equal((aliceDocument, "Minutes", 1, true), (document.GetProperty("document_id").GetString(),
                document.GetProperty("title").GetString(), document.GetProperty("version").GetInt32(),
                document.GetProperty("signature_requested").GetBoolean()));
            Assert.Equal("minutes.pdf", document.GetProperty("file_name").GetString());
            Assert.True(message.GetProperty("request_signature").GetBoolean());
        }
    }

    private static async Task<JsonElement> RequestSignatureAsync(BotKit bot, string chatId, string fileName, params (string Name, string Value)[] extra)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(chatId), "chat_id" },
            { new StringContent("true"), "request_signature" },
        };
        foreach (var (name, value) in extra)
        {
            form.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(Contract);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "document", fileName);
        var (status, body) = await bot.CallAsync("sendDocument", form);
        Assert.True(status == HttpStatusCode.OK, $"sendDocument: {(int)status} {body}");
        return body.GetProperty("result");
    }

    /// <summary>Long-polls, confirming as it goes, until the "end" message has come; returns everything that came.</summary>
    private static async Task<List<JsonElement>> UntilEndAsync(BotKit bot)
    {
        var all = new List<JsonElement>();
        long offset = 0;
        while (!all.Exists(u => u.TryGetProperty("message", out var m) && m.TryGetProperty("text", out var t) && t.GetString() == "end"))
        {
            var batch = await bot.UpdatesAsync(offset);
            Assert.NotEmpty(batch);
            all.AddRange(batch);
            offset = batch[^1].GetProperty("update_id").GetInt64() + 1;
        }

        return all;
    }

    private static string KindOf(JsonElement update) => update.TryGetProperty("signature", out _) ? "signature" : "message";

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>Checks a detached CMS SignedData (RFC 5652) over <paramref name="content"/> with BouncyCastle.</summary>
    private static bool Verifies(byte[] cms, byte[] content)
    {
        try
        {
            var signed = new CmsSignedData(new CmsProcessableByteArray(content), cms);
            var signer = Assert.Single(signed.GetSignerInfos().GetSigners());
            var certificate = Assert.Single(signed.GetCertificates().EnumerateMatches(signer.SignerID));
            return signer.Verify(certificate);
        }
        catch (CmsException)
        {
            return false;
        }
    }
}
