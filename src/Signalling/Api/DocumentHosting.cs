using Messenger.ChatCore.Documents;

namespace Messenger.Signalling.Api;

/// <summary>Wires documents and signatures into the host: options from <c>Messenger:Signatures</c>, keys under the data folder.</summary>
public static class DocumentHosting
{
    public static IServiceCollection AddDocumentSignatures(this IServiceCollection services, IConfiguration configuration, string keysFolder)
    {
        var options = configuration.GetSection(DocumentOptions.Section).Get<DocumentOptions>() ?? new DocumentOptions();
        if (string.IsNullOrEmpty(options.KeyFolder))
        {
            options.KeyFolder = keysFolder;
        }

        return services.AddDocuments(options);
    }

    public static void MapDocumentSignatureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapDocumentEndpoints();
        app.MapSigningKeyEndpoints();
    }
}
