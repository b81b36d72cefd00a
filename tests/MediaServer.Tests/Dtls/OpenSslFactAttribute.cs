namespace Messenger.MediaServer.Tests.Dtls;

/// <summary>A fact that is skipped when the openssl command-line tool is not installed.</summary>
internal sealed class OpenSslFactAttribute : FactAttribute
{
    public const string OpenSslPath = "/usr/bin/openssl";

    public OpenSslFactAttribute()
    {
        if (!File.Exists(OpenSslPath))
        {
            Skip = "openssl is not installed";
        }
    }
}
