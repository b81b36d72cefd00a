namespace Messenger.ChatCore.Sessions;

/// <summary>
/// Told when a device session is revoked (logout, device removal, refresh-token reuse), so that whatever holds live
/// connections for that device can drop them at once.
/// </summary>
public interface IDeviceSessionListener
{
    void OnSessionRevoked(string sessionId);
}
