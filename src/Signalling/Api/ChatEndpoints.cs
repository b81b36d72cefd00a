namespace Messenger.Signalling.Api;

public static class ChatEndpoints
{
    /// <summary>Every REST endpoint of the chat half (issue #5).</summary>
    public static void MapChatEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapChatConversationEndpoints();
        app.MapChatMessageEndpoints();
        app.MapChatSyncEndpoints();
        app.MapChatAttachmentEndpoints();
        app.MapDocumentSignatureEndpoints();
    }
}
