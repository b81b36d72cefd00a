using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Messenger.Signalling.Tests.Web;

/// <summary>
/// The web client at / in real Chromium (issue #6, items 4 and 5): two people in two browser contexts register
/// through the UI, find each other, chat both ways, and see receipts, typing, replies, reactions, edits and deletes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WebClientTests(HostFixture fixture, Chromium chromium)
    : IClassFixture<HostFixture>, IClassFixture<Chromium>
{
    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task Two_users_register_find_each_other_chat_both_ways_and_see_the_read_tick()
    {
        var alice = await WebClientPage.OpenAsync(chromium, _host, "alice");
        var bob = await WebClientPage.OpenAsync(chromium, _host, "bob");
        await bob.Page.SetViewportSizeAsync(390, 844); // one of them on a phone-sized screen

        await alice.FillRegistrationAsync("Alice Liddell");
        await alice.ScreenshotAsync("register");
        await alice.SubmitAuthAsync();
        await bob.FillRegistrationAsync("Bob Builder");
        await bob.SubmitAuthAsync();

        // Alice finds Bob by the start of his display name and writes first: that creates the direct chat.
        await alice.StartDirectChatAsync("Bob", "bob");
        await alice.SendAsync("Hi Bob! Lunch today?");
        var first = alice.MessageWithText("Hi Bob! Lunch today?", mine: true);
        await WebClientPage.ExpectAttributeAsync(first.Locator(".tick"), "data-status", "delivered");

        // Bob's list shows the new chat with one unread message and its text, live, without a reload.
        var chatAtBob = bob.Conversation("Alice Liddell");
        await WebClientPage.ExpectTextAsync(chatAtBob.Locator(".badge"), "1");
        await WebClientPage.ExpectTextAsync(chatAtBob.Locator(".last"), "Hi Bob! Lunch today?");
        await bob.ScreenshotAsync("conversation-list-phone");

        // Opening it reads it: the badge goes and Alice's tick turns to read.
        await chatAtBob.ClickAsync();
        await WebClientPage.ExpectVisibleAsync(bob.MessageWithText("Hi Bob! Lunch today?", mine: false));
        await WebClientPage.ExpectAttributeAsync(first.Locator(".tick"), "data-status", "read");
        Assert.Equal(0, await bob.Conversation("Alice Liddell").Locator(".badge").CountAsync());

        // Bob types (Alice sees it) and answers; Alice has the chat open, so Bob's answer is read at once.
        await bob.Page.FillAsync("#composer-input", "Sure");
        await bob.Page.Locator("#composer-input").PressSequentiallyAsync(", 12:30?");
        await WebClientPage.ExpectTextAsync(alice.Page.Locator("#typing"), "Bob Builder is typing…");
        await bob.Page.PressAsync("#composer-input", "Enter");
        await WebClientPage.ExpectVisibleAsync(alice.MessageWithText("Sure, 12:30?", mine: false));
        await WebClientPage.ExpectAttributeAsync(bob.MessageWithText("Sure, 12:30?", mine: true).Locator(".tick"), "data-status", "read");
        await WebClientPage.ExpectTextAsync(alice.Conversation("Bob Builder").Locator(".last"), "Sure, 12:30?");
        await bob.ScreenshotAsync("chat-phone");

        // Alice replies to Bob's message quoting it.
        var bobsMessage = alice.MessageWithText("Sure, 12:30?", mine: false);
        await bobsMessage.HoverAsync();
        await bobsMessage.Locator(".act-reply").ClickAsync();
        await alice.SendAsync("Perfect, see you there");
        var reply = bob.MessageWithText("Perfect, see you there", mine: false);
        await WebClientPage.ExpectTextAsync(reply.Locator(".reply-quote"), "Bob Builder: Sure, 12:30?");
        await alice.ScreenshotAsync("chat-desktop");
    }

    [Fact]
    public async Task Reactions_edits_and_deletes_reach_the_other_side_live()
    {
        var carol = await WebClientPage.OpenAsync(chromium, _host, "carol");
        var dave = await WebClientPage.OpenAsync(chromium, _host, "dave");
        await carol.FillRegistrationAsync("Carol");
        await carol.SubmitAuthAsync();
        await dave.FillRegistrationAsync("Dave");
        await dave.SubmitAuthAsync();

        await carol.StartDirectChatAsync("dav", "dave");
        await carol.SendAsync("Meeting at 3");
        await carol.SendAsync("Wrong chat, sorry");
        await dave.Conversation("Carol").ClickAsync();
        await WebClientPage.ExpectVisibleAsync(dave.MessageWithText("Wrong chat, sorry", mine: false));

        // Dave reacts; Carol sees the count.
        var meeting = dave.MessageWithText("Meeting at 3", mine: false);
        await meeting.ClickAsync();
        await meeting.Locator(".act-react", new LocatorLocatorOptions { HasTextString = "👍" }).ClickAsync();
        await WebClientPage.ExpectTextAsync(carol.MessageWithText("Meeting at 3", mine: true).Locator(".reaction"), "👍 1");

        // Carol edits the first message and deletes the second.
        var own = carol.MessageWithText("Meeting at 3", mine: true);
        await own.ClickAsync();
        await own.Locator(".act-edit").ClickAsync();
        await carol.Page.FillAsync("#composer-input", "Meeting at 4");
        await carol.Page.PressAsync("#composer-input", "Enter");
        var edited = dave.MessageWithText("Meeting at 4", mine: false);
        await WebClientPage.ExpectTextAsync(edited.Locator(".edited"), "edited");
        await WebClientPage.ExpectTextAsync(edited.Locator(".reaction"), "👍 1");

        carol.Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        var wrong = carol.MessageWithText("Wrong chat, sorry", mine: true);
        await wrong.ClickAsync();
        await wrong.Locator(".act-delete").ClickAsync();
        await WebClientPage.ExpectVisibleAsync(dave.Page.Locator(".msg.deleted .text", new PageLocatorOptions { HasTextString = "Message deleted" }));
        Assert.Equal(0, await dave.MessageWithText("Wrong chat, sorry", mine: false).CountAsync());

        // A file over twice the limit (20 MiB here) is refused without reading it. Chromium usually still reads the 413
        // and shows its detail; when the closed upload wins, the client says the file may be too large. Either way
        // Carol is told why, and nothing is sent.
        var huge = Path.Combine(Path.GetTempPath(), $"huge-{Guid.NewGuid():N}.bin");
        await using (var stream = File.Create(huge))
        {
            stream.SetLength((41L * 1024 * 1024) + 1);
        }

        await carol.Page.FillAsync("#composer-input", "Too big to send");
        await carol.Page.SetInputFilesAsync("#attach-file", huge);
        await carol.Page.WaitForFunctionAsync("() => document.querySelector('#chat-error').textContent.length > 0",
            null, new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 100 });
        var refusal = await carol.Page.Locator("#chat-error").TextContentAsync();
        Assert.True(refusal!.Contains("larger than the server accepts", StringComparison.Ordinal)
            || refusal.Contains("at most", StringComparison.Ordinal), refusal);
        Assert.Equal(0, await carol.MessageWithText("Too big to send", mine: true).CountAsync());
        File.Delete(huge);

        // Carol sends a photo with a caption: Dave sees the picture itself inline, at its real size.
        var photo = await MakePngAsync(width: 48, height: 32);
        await carol.Page.FillAsync("#composer-input", "The room plan");
        await carol.Page.SetInputFilesAsync("#attach-file", photo);
        var plan = dave.MessageWithText("The room plan", mine: false);
        await WebClientPage.ExpectVisibleAsync(plan.Locator(".attachment.image img.preview"));
        await dave.Page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('.msg .attachment.image img.preview')].some(i => i.complete && i.naturalWidth === 48)",
            null, new PageWaitForFunctionOptions { Timeout = 15_000, PollingInterval = 100 });
        Assert.Equal(32, await plan.Locator("img.preview").EvaluateAsync<int>("i => i.naturalHeight"));
        await dave.ScreenshotAsync("chat-image");
    }

    /// <summary>A real PNG from Debian's ffmpeg (installed for the media tests), in a temporary file.</summary>
    private static async Task<string> MakePngAsync(int width, int height)
    {
        var path = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.png");
        using var ffmpeg = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ffmpeg",
            ["-v", "error", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}", "-frames:v", "1", path])
        {
            RedirectStandardError = true,
        })!;
        await ffmpeg.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(ffmpeg.ExitCode == 0 && File.Exists(path), await ffmpeg.StandardError.ReadToEndAsync());
        return path;
    }
    [Fact]
    public async Task Signing_in_refreshes_a_stale_token_and_a_new_group_reaches_its_members()
    {
        await _host.SignUpAsync("erin");
        await _host.SignUpAsync("frank");
        var erin = await WebClientPage.OpenAsync(chromium, _host, "erin");
        var frank = await WebClientPage.OpenAsync(chromium, _host, "frank");
        await erin.SignInAsync("correct horse");
        await frank.SignInAsync("correct horse");

        // A spoilt access token answers 401; the client refreshes with its refresh token and carries on.
        await erin.Page.EvaluateAsync(
            """
            () => {
              const session = JSON.parse(localStorage.getItem('messenger.session'));
              session.accessToken = 'expired';
              localStorage.setItem('messenger.session', JSON.stringify(session));
            }
            """);
        await erin.Page.ReloadAsync();
        await WebClientPage.ExpectAttributeAsync(erin.Page.Locator("#connection"), "data-state", "online");
        var token = await erin.Page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('messenger.session')).accessToken");
        Assert.NotEqual("expired", token);

        // Erin picks Frank for a new group, names it and writes; Frank gets the group, unread: the server's
        // "created" entry and Erin's message.
        await erin.Page.FillAsync("#search", "fra");
        var person = erin.Page.Locator(".person[data-username='frank']");
        await WebClientPage.ExpectVisibleAsync(person);
        await person.Locator(".add-to-group").ClickAsync();
        await erin.Page.FillAsync("#group-title", "Weekend trip");
        await erin.Page.ClickAsync("#group-create");
        await WebClientPage.ExpectTextAsync(erin.Page.Locator("#chat-title"), "Weekend trip");
        await erin.SendAsync("Who brings the tent?");

        var group = frank.Conversation("Weekend trip");
        await WebClientPage.ExpectTextAsync(group.Locator(".badge"), "2");
        await WebClientPage.ExpectTextAsync(group.Locator(".last"), "Who brings the tent?");
        await group.ClickAsync();
        await WebClientPage.ExpectTextAsync(frank.Page.Locator(".msg.system").First, "erin created the group");
        await WebClientPage.ExpectTextAsync(
            frank.MessageWithText("Who brings the tent?", mine: false).Locator(".sender"), "erin");
    }

    [Fact]
    public async Task A_calls_B_B_accepts_both_see_video_then_the_call_record_appears()
    {
        var grace = await WebClientPage.OpenAsync(chromium, _host, "grace");
        var heidi = await WebClientPage.OpenAsync(chromium, _host, "heidi");
        await grace.FillRegistrationAsync("Grace Hopper");
        await grace.SubmitAuthAsync();
        await heidi.FillRegistrationAsync("Heidi");
        await heidi.SubmitAuthAsync();
        await grace.StartDirectChatAsync("Hei", "heidi");
        await grace.SendAsync("Call you in a sec");
        await heidi.Conversation("Grace Hopper").ClickAsync();
        await WebClientPage.ExpectVisibleAsync(heidi.MessageWithText("Call you in a sec", mine: false));

        // Grace calls from the chat header: her call view opens and waits; Heidi's screen rings.
        await grace.Page.ClickAsync("#call-start");
        await WebClientPage.ExpectVisibleAsync(grace.Page.Locator("#call"));
        await WebClientPage.ExpectTextAsync(grace.Page.Locator("#call-status"), "Ringing…");
        await WebClientPage.ExpectVisibleAsync(heidi.Page.Locator("#incoming"));
        await WebClientPage.ExpectTextAsync(heidi.Page.Locator("#incoming-name"), "Grace Hopper");
        await WebClientPage.ExpectTextAsync(heidi.Page.Locator("#incoming-what"), "Video call");
        await heidi.ScreenshotAsync("incoming-call");

        // Heidi accepts: the ringing goes, both are in the call view and both see the other's video play.
        await heidi.Page.ClickAsync("#incoming-accept");
        await Microsoft.Playwright.Assertions.Expect(heidi.Page.Locator("#incoming")).ToBeHiddenAsync(new() { Timeout = 15_000 });
        await WebClientPage.ExpectVisibleAsync(heidi.Page.Locator("#call"));
        await WebClientPage.ExpectTextAsync(grace.Page.Locator("#call-status"), "");
        Assert.True(await grace.ExpectRemoteVideoFramesGrowAsync(more: 15) > 15);
        Assert.True(await heidi.ExpectRemoteVideoFramesGrowAsync(more: 15) > 15);

        // Muting the microphone is shown on the button (and reaches the SFU through SetMuted).
        await heidi.Page.ClickAsync("#call-mic");
        await WebClientPage.ExpectAttributeAsync(heidi.Page.Locator("#call-mic"), "aria-pressed", "true");
        await grace.ScreenshotAsync("call");

        // Grace hangs up: both call views close and both chats show the call record.
        await grace.Page.ClickAsync("#call-hangup");
        var hidden = new LocatorAssertionsToBeHiddenOptions { Timeout = 15_000 };
        await Microsoft.Playwright.Assertions.Expect(grace.Page.Locator("#call")).ToBeHiddenAsync(hidden);
        await Microsoft.Playwright.Assertions.Expect(heidi.Page.Locator("#call")).ToBeHiddenAsync(hidden);
        foreach (var side in new[] { grace, heidi })
        {
            var record = side.Page.Locator(".msg.system", new PageLocatorOptions { HasTextString = "Video call ended" });
            await WebClientPage.ExpectVisibleAsync(record);
        }
    }

    [Fact]
    public async Task A_message_sent_from_the_call_chat_panel_appears_on_the_other_side_during_the_call()
    {
        var kim = await WebClientPage.OpenAsync(chromium, _host, "kim");
        var leo = await WebClientPage.OpenAsync(chromium, _host, "leo");
        await kim.FillRegistrationAsync("Kim");
        await kim.SubmitAuthAsync();
        await leo.FillRegistrationAsync("Leo");
        await leo.SubmitAuthAsync();
        await kim.StartDirectChatAsync("Leo", "leo");
        await kim.SendAsync("Calling about the slides");

        await kim.Page.ClickAsync("#call-start");
        await WebClientPage.ExpectVisibleAsync(leo.Page.Locator("#incoming"));
        await leo.Page.ClickAsync("#incoming-accept");
        await WebClientPage.ExpectVisibleAsync(leo.Page.Locator("#call"));
        await WebClientPage.ExpectTextAsync(kim.Page.Locator("#call-status"), "");

        // Kim opens the panel: the conversation so far is there, and she writes from it.
        await kim.Page.ClickAsync("#call-chat-toggle");
        await WebClientPage.ExpectAttributeAsync(kim.Page.Locator("#call-chat-toggle"), "aria-pressed", "true");
        await WebClientPage.ExpectVisibleAsync(CallMessage(kim, "Calling about the slides", mine: true));
        await kim.Page.FillAsync("#call-chat-input", "Link: example.org/slides");
        await kim.Page.PressAsync("#call-chat-input", "Enter");
        await WebClientPage.ExpectVisibleAsync(CallMessage(kim, "Link: example.org/slides", mine: true));

        // Leo, still in the call, opens his panel and has it; his answer reaches Kim's open panel live.
        await leo.Page.ClickAsync("#call-chat-toggle");
        await WebClientPage.ExpectVisibleAsync(CallMessage(leo, "Link: example.org/slides", mine: false));
        await leo.Page.FillAsync("#call-chat-input", "Got it, thanks");
        await leo.Page.ClickAsync("#call-composer button[type=submit]");
        await WebClientPage.ExpectVisibleAsync(CallMessage(kim, "Got it, thanks", mine: false));
        Assert.True(await leo.Page.Locator("#call").IsVisibleAsync());
        await kim.ScreenshotAsync("call-chat");

        // After the call, the panel's messages are ordinary messages of the chat.
        await kim.Page.ClickAsync("#call-hangup");
        await WebClientPage.ExpectVisibleAsync(kim.MessageWithText("Got it, thanks", mine: false));
    }

    [Fact]
    public async Task Sharing_the_screen_gives_the_other_side_a_second_remote_video()
    {
        var mia = await WebClientPage.OpenAsync(chromium, _host, "mia");
        var ned = await WebClientPage.OpenAsync(chromium, _host, "ned");
        await mia.FillRegistrationAsync("Mia");
        await mia.SubmitAuthAsync();
        await ned.FillRegistrationAsync("Ned");
        await ned.SubmitAuthAsync();
        await mia.StartDirectChatAsync("Ned", "ned");
        await mia.SendAsync("Let me show you");

        await mia.Page.ClickAsync("#call-start");
        await WebClientPage.ExpectVisibleAsync(ned.Page.Locator("#incoming"));
        await ned.Page.ClickAsync("#incoming-accept");
        Assert.True(await ned.ExpectRemoteVideoFramesGrowAsync(more: 5) > 5);

        // Mia shares her screen: her button says so, and Ned gets a second remote video (her screen) that plays.
        await Assertions.Expect(mia.Page.Locator("#call-share")).ToBeEnabledAsync(new() { Timeout = 15_000 });
        await mia.Page.ClickAsync("#call-share");
        await WebClientPage.ExpectAttributeAsync(mia.Page.Locator("#call-share"), "aria-pressed", "true");
        var screen = ned.Page.Locator("#call-grid .tile.screen");
        await WebClientPage.ExpectTextAsync(screen.Locator(".name"), "Mia · screen");
        await ned.Page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('#call video.remote')].filter(v => v.videoWidth > 0).length === 2",
            null, new PageWaitForFunctionOptions { Timeout = 20_000, PollingInterval = 100 });
        Assert.Equal(2, await ned.Page.Locator("#call video.remote").CountAsync());
        await ned.ScreenshotAsync("call-screen-share");

        // Stopping the share mutes the screen track: Ned's screen tile goes, the camera stays.
        await mia.Page.ClickAsync("#call-share");
        await WebClientPage.ExpectAttributeAsync(mia.Page.Locator("#call-share"), "aria-pressed", "false");
        await Assertions.Expect(screen).ToBeHiddenAsync(new() { Timeout = 15_000 });
        Assert.True(await ned.ExpectRemoteVideoFramesGrowAsync(more: 5) > 5);

        // Sharing again reuses the same screen track (new capture, unmuted): Ned's screen tile comes back.
        await mia.Page.ClickAsync("#call-share");
        await WebClientPage.ExpectAttributeAsync(mia.Page.Locator("#call-share"), "aria-pressed", "true");
        await WebClientPage.ExpectVisibleAsync(screen);
        Assert.Equal(1, await screen.CountAsync());
        await mia.Page.ClickAsync("#call-hangup");
    }

    [Fact]
    public async Task Three_users_in_a_group_call_see_two_remote_videos_each_and_share_the_in_call_chat()
    {
        var olga = await WebClientPage.OpenAsync(chromium, _host, "olga");
        var pete = await WebClientPage.OpenAsync(chromium, _host, "pete");
        var quinn = await WebClientPage.OpenAsync(chromium, _host, "quinn");
        var everyone = new[] { olga, pete, quinn };
        foreach (var (side, name) in new[] { (olga, "Olga"), (pete, "Pete"), (quinn, "Quinn") })
        {
            await side.CapCameraFrameRateAsync();
            await side.FillRegistrationAsync(name);
            await side.SubmitAuthAsync();
        }

        // Olga makes a group of the three of them and writes; the others open it.
        foreach (var (query, username) in new[] { ("Pet", "pete"), ("Qui", "quinn") })
        {
            await olga.Page.FillAsync("#search", query);
            var person = olga.Page.Locator($".person[data-username='{username}']");
            await WebClientPage.ExpectVisibleAsync(person);
            await person.Locator(".add-to-group").ClickAsync();
        }
        await olga.Page.FillAsync("#group-title", "Book club");
        await olga.Page.ClickAsync("#group-create");
        await WebClientPage.ExpectTextAsync(olga.Page.Locator("#chat-title"), "Book club");
        await olga.SendAsync("Call in a minute?");
        foreach (var side in new[] { pete, quinn })
        {
            await side.Conversation("Book club").ClickAsync();
            await WebClientPage.ExpectVisibleAsync(side.MessageWithText("Call in a minute?", mine: false));
        }

        // Olga calls from the group's header: both others ring, with the group named, and accept.
        await olga.Page.ClickAsync("#call-start");
        await WebClientPage.ExpectVisibleAsync(olga.Page.Locator("#call"));
        foreach (var side in new[] { pete, quinn })
        {
            await WebClientPage.ExpectVisibleAsync(side.Page.Locator("#incoming"));
            await WebClientPage.ExpectTextAsync(side.Page.Locator("#incoming-name"), "Olga");
            await WebClientPage.ExpectTextAsync(side.Page.Locator("#incoming-what"), "Video call in Book club");
            await side.Page.ClickAsync("#incoming-accept");
            await WebClientPage.ExpectVisibleAsync(side.Page.Locator("#call"));
        }

        // Each of the three sees the other two, both pictures live.
        foreach (var side in everyone)
        {
            Assert.True(await side.ExpectRemoteVideosFramesGrowAsync(count: 2, more: 10) > 10);
            Assert.Equal(3, await side.Page.Locator("#call-grid .tile").CountAsync());
        }
        await olga.ScreenshotAsync("group-call");

        // Olga raises her hand: the others see it on her tile; lowering it clears it everywhere.
        await olga.Page.ClickAsync("#call-hand");
        await WebClientPage.ExpectAttributeAsync(olga.Page.Locator("#call-hand"), "aria-pressed", "true");
        foreach (var side in new[] { pete, quinn })
        {
            await WebClientPage.ExpectVisibleAsync(side.Page.Locator("#call-grid .tile .name.hand", new PageLocatorOptions { HasTextString = "Olga" }));
        }
        await olga.Page.ClickAsync("#call-hand");
        await Assertions.Expect(pete.Page.Locator("#call-grid .tile .name.hand")).ToHaveCountAsync(0, new() { Timeout = 15_000 });

        // Olga shares an invite link; a revoked one stops working, a new one is shared for later.
        await olga.Page.ClickAsync("#call-invite");
        await WebClientPage.ExpectVisibleAsync(olga.Page.Locator("#call-link-panel"));
        var revoked = await olga.Page.InputValueAsync("#call-link-url");
        await olga.Page.ClickAsync("#call-link-revoke");
        await Assertions.Expect(olga.Page.Locator("#call-link-panel")).ToBeHiddenAsync(new() { Timeout = 15_000 });
        await olga.Page.ClickAsync("#call-invite");
        await Assertions.Expect(olga.Page.Locator("#call-link-url")).ToHaveValueAsync(
            new System.Text.RegularExpressions.Regex("#join=."), new() { Timeout = 15_000 });
        var invite = await olga.Page.InputValueAsync("#call-link-url");
        Assert.NotEqual(revoked, invite);

        // Pete writes from his call chat panel; Olga's and Quinn's panels show it.
        await pete.Page.ClickAsync("#call-chat-toggle");
        await pete.Page.FillAsync("#call-chat-input", "Chapter 3 tonight");
        await pete.Page.PressAsync("#call-chat-input", "Enter");
        await WebClientPage.ExpectVisibleAsync(CallMessage(pete, "Chapter 3 tonight", mine: true));
        foreach (var side in new[] { olga, quinn })
        {
            await side.Page.ClickAsync("#call-chat-toggle");
            await WebClientPage.ExpectVisibleAsync(CallMessage(side, "Chapter 3 tonight", mine: false));
        }

        // Olga leaves: the call goes on for the other two, each now with one remote picture; then they leave too,
        // which ends the call, and all three see the call record in the group.
        await olga.Page.ClickAsync("#call-hangup");
        var hidden = new LocatorAssertionsToBeHiddenOptions { Timeout = 15_000 };
        await Assertions.Expect(olga.Page.Locator("#call")).ToBeHiddenAsync(hidden);
        foreach (var side in new[] { pete, quinn })
        {
            await Assertions.Expect(side.Page.Locator("#call-grid .tile")).ToHaveCountAsync(2, new() { Timeout = 15_000 });
            Assert.True(await side.Page.Locator("#call").IsVisibleAsync());
        }

        // Rita, who is not in the group, opens the revoked link (nothing happens) and then the shared one: she is in
        // the call and sees Pete and Quinn, who see her.
        var rita = await WebClientPage.OpenAsync(chromium, _host, "rita");
        await rita.CapCameraFrameRateAsync();
        await rita.FillRegistrationAsync("Rita");
        await rita.SubmitAuthAsync();
        await WebClientPage.ExpectVisibleAsync(rita.Page.Locator("#search"));
        await rita.Page.GotoAsync(revoked);
        await WebClientPage.ExpectTextAsync(rita.Page.Locator("#toast"), "Could not join the call: This call link is unknown, expired or revoked.");
        Assert.False(await rita.Page.Locator("#call").IsVisibleAsync());
        await rita.Page.GotoAsync(invite);
        await WebClientPage.ExpectVisibleAsync(rita.Page.Locator("#call"));
        Assert.True(await rita.ExpectRemoteVideosFramesGrowAsync(count: 2, more: 10) > 10);
        Assert.True(await pete.ExpectRemoteVideosFramesGrowAsync(count: 2, more: 10) > 10);
        await rita.Page.ClickAsync("#call-hangup");

        await pete.Page.ClickAsync("#call-hangup");
        await quinn.Page.ClickAsync("#call-hangup");
        foreach (var side in everyone)
        {
            await Assertions.Expect(side.Page.Locator("#call")).ToBeHiddenAsync(hidden);
            var record = side.Page.Locator(".msg.system", new PageLocatorOptions { HasTextString = "Video call ended" });
            await WebClientPage.ExpectVisibleAsync(record);
        }
    }

    private static ILocator CallMessage(WebClientPage side, string text, bool mine) =>
        side.Page.Locator(mine ? "#call-messages .msg.mine" : "#call-messages .msg:not(.mine)").Filter(new LocatorFilterOptions
        {
            Has = side.Page.Locator(".text", new PageLocatorOptions { HasTextString = text }),
        });
}
