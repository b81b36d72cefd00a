namespace Messenger.MediaServer.Standalone;

/// <summary>The node cannot start as configured; the message says which setting to fix.</summary>
public sealed class MediaNodeConfigurationException : Exception
{
    public MediaNodeConfigurationException()
    {
    }

    public MediaNodeConfigurationException(string message)
        : base(message)
    {
    }

    public MediaNodeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
