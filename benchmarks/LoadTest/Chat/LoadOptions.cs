namespace Messenger.LoadTest.Chat;

/// <summary>Settings of the chat scenario: <c>chat --clients 2000 --groups 100 --rate 1000 --seconds 30 --warmup 5</c>.</summary>
public sealed record LoadOptions(int Clients, int Groups, int SendsPerSecond, int Seconds, int WarmupSeconds);
