using System.Globalization;

namespace Messenger.LoadTest.Measurement;

/// <summary>One reading of another process's CPU time and resident memory, from Linux's /proc.</summary>
public readonly record struct ProcessSample(double CpuSeconds, long RssBytes)
{
    /// <summary>proc(5): utime and stime are in clock ticks, USER_HZ, which is 100 on Linux.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>
    /// utime + stime from /proc/&lt;pid&gt;/stat (fields 14 and 15, counted after the parenthesised command name,
    /// which may itself hold spaces) and VmRSS from /proc/&lt;pid&gt;/status.
    /// </summary>
    public static ProcessSample Read(int pid)
    {
        return new ProcessSample(ParseCpuSeconds(File.ReadAllText($"/proc/{pid}/stat")), ParseRssBytes(File.ReadAllText($"/proc/{pid}/status")));
    }

    public static double ParseCpuSeconds(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so field 14 (utime) is fields[11] and field 15 (stime) fields[12].
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    public static long ParseRssBytes(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
