using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Api;

public sealed class ChatAttachmentTests : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8];
    private readonly TestHost _host = new(new Dictionary<string, string?>
    {
        ["Messenger:Chat:MaxAttachmentBytes"] = "65536",
        ["Messenger:Chat:MaxAttachmentsPerMessage"] = "2",
    });
    private ChatClient _alice = null!, _bob = null!, _outsider = null!;

    public async Task InitializeAsync()
    {
        await _host.StartAsync();
        _alice = await ChatClient.ConnectAsync(_host, await _host.SignUpAsync("alice"), start: false);
        _bob = await ChatClient.ConnectAsync(_host, await _host.SignUpAsync("bob"), start: false);
        _outsider = await ChatClient.ConnectAsync(_host, await _host.SignUpAsync("outsider"), start: false);
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
        await _outsider.DisposeAsync();
        await _host.DisposeAsync();
    }

    private static async Task<HttpResponseMessage> UploadAsync(ChatClient client, byte[] bytes, string query = "?name=file.bin", string claimed = "text/html")
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(claimed);
        return await client.Http.PostAsync("/api/attachments" + query, content);
    }

    /// <summary>A one-second tone encoded by ffmpeg's libopus: a real encoder's output, not ours.</summary>
    private static byte[] Tone(string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + extension);
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
            ["-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "libopus", path]))!;
        ffmpeg.WaitForExit();
        Assert.Equal(0, ffmpeg.ExitCode);
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    [Fact]
    public async Task Content_type_is_sniffed_and_members_can_download_what_was_sent()
    {
        var uploaded = await UploadAsync(_alice, Png, "?name=../../etc/photo.png");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var attachment = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("image/png", attachment.GetProperty("contentType").GetString()); // not the claimed text/html
        Assert.Equal("image", attachment.GetProperty("kind").GetString());
        Assert.Equal("photo.png", attachment.GetProperty("fileName").GetString());
        var id = attachment.GetProperty("id").GetString();

        // Before it is sent, only the uploader can read it.
        await ProblemAssert.IsProblemAsync(await _bob.Http.GetAsync($"/api/attachments/{id}"), HttpStatusCode.NotFound, "attachmentId");

        var sent = await _alice.Http.PostAsJsonAsync($"/api/direct/{_bob.UserId}/messages",
            new { clientMessageId = "p", text = "", attachmentIds = new[] { id } });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var message = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, message.GetProperty("attachments")[0].GetProperty("id").GetString());

        var download = await _bob.Http.GetAsync($"/api/attachments/{id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());
        var history = await _bob.GetJsonAsync($"/api/conversations/{message.GetProperty("conversationId").GetString()}/messages");
        Assert.Equal(id, history.GetProperty("items")[0].GetProperty("attachments")[0].GetProperty("id").GetString());

        await ProblemAssert.IsProblemAsync(await _outsider.Http.GetAsync($"/api/attachments/{id}"), HttpStatusCode.NotFound, "attachmentId");
        await ProblemAssert.IsProblemAsync(await _outsider.Http.GetAsync($"/api/attachments/{id}/info"), HttpStatusCode.NotFound, "attachmentId");

        // Identical bytes share one blob.
        await UploadAsync(_bob, Png);
        Assert.Single(Directory.GetFiles(Path.Combine(_host.DataPath, "blobs"), "*", SearchOption.AllDirectories),
            f => Path.GetFileName(Path.GetDirectoryName(f)) != "tmp");
    }

    [Theory]
    [InlineData(".ogg", "audio/ogg")]
    [InlineData(".webm", "audio/webm")]
    public async Task Voice_notes_are_decoded_for_duration_and_waveform(string extension, string contentType)
    {
        var uploaded = await UploadAsync(_alice, Tone(extension), "?kind=voice&name=note" + extension, "application/octet-stream");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var voice = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("voice", contentType), (voice.GetProperty("kind").GetString(), voice.GetProperty("contentType").GetString()));
        Assert.InRange(voice.GetProperty("durationMs").GetInt64(), 950, 1050);
        var waveform = Convert.FromBase64String(voice.GetProperty("waveform").GetString()!);
        Assert.Equal(64, waveform.Length);
        Assert.Equal(255, waveform.Max());
    }

    [Fact]
    public async Task A_voice_note_that_does_not_decode_is_refused_and_not_stored()
    {
        await ProblemAssert.IsProblemAsync(await UploadAsync(_alice, Png, "?kind=voice"), HttpStatusCode.BadRequest, "file");
        var broken = Tone(".ogg");
        broken[^5] ^= 0xFF;
        var body = await ProblemAssert.IsProblemAsync(await UploadAsync(_alice, broken, "?kind=voice"), HttpStatusCode.BadRequest, "file");
        Assert.Contains("CRC", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(_host.DataPath, "blobs"), "*", SearchOption.AllDirectories)); // temp files too
    }

    /// <summary>
    /// Regression: a 413 sent before the body was read once reached HttpClient as "the response ended prematurely",
    /// because the server closed a connection the client was still writing to. Repeated, since it is a race.
    /// </summary>
    [Theory]
    [InlineData(65537)]
    [InlineData(131072)]
    public async Task An_oversized_upload_always_gets_its_problem_document(int size)
    {
        for (var attempt = 0; attempt < 15; attempt++)
        {
            await ProblemAssert.IsProblemAsync(await UploadAsync(_alice, new byte[size]), HttpStatusCode.RequestEntityTooLarge, "file");
        }
    }

    [Fact]
    public async Task Oversized_uploads_and_too_many_or_foreign_attachments_are_refused()
    {
        await ProblemAssert.IsProblemAsync(await UploadAsync(_alice, new byte[65537]), HttpStatusCode.RequestEntityTooLarge, "file");
        await ProblemAssert.IsProblemAsync(await UploadAsync(_alice, []), HttpStatusCode.BadRequest, "file");
        await ProblemAssert.IsProblemAsync(await UploadAsync(_alice, Png, "?kind=video"), HttpStatusCode.BadRequest, "kind");

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var r = await UploadAsync(_alice, [.. Png, (byte)i]);
            ids.Add((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        var tooMany = await _alice.Http.PostAsJsonAsync($"/api/direct/{_bob.UserId}/messages",
            new { clientMessageId = "many", text = "x", attachmentIds = ids });
        await ProblemAssert.IsProblemAsync(tooMany, HttpStatusCode.BadRequest, "attachmentIds");
        var foreign = await _bob.Http.PostAsJsonAsync($"/api/direct/{_alice.UserId}/messages",
            new { clientMessageId = "steal", text = "x", attachmentIds = ids.Take(1) });
        await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.NotFound, "attachmentIds");
    }
}
