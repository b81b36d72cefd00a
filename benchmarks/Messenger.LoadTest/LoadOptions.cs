using System.Globalization;

namespace Messenger.LoadTest;

/// <summary>Command-line settings: <c>--clients 2000 --groups 100 --rate 1000 --seconds 30 --warmup 5</c>.</summary>
public sealed record LoadOptions(int Clients, int Groups, int SendsPerSecond, int Seconds, int WarmupSeconds)
{
    public static LoadOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new LoadOptions(Get("clients", 2000), Get("groups", 100), Get("rate", 1000), Get("seconds", 30), Get("warmup", 5));
    }
}
