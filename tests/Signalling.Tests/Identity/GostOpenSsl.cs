using System.Diagnostics;

namespace Messenger.Signalling.Tests.Identity;

/// <summary>
/// OpenSSL 3 with Debian's GOST engine (libengine-gost-openssl): makes the test client's GOST R 34.10-2012-256 key
/// and certificate, and serves as an independent verifier of what BouncyCastle produces.
/// </summary>
public static class GostOpenSsl
{
    public sealed record KeyPair(string KeyPath, string CertificatePath);

    public static async Task<KeyPair> CreateKeyAndCertificateAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var key = Path.Combine(folder, "client.key");
        var certificate = Path.Combine(folder, "client.crt");
        await RunAsync("genpkey", "-engine", "gost", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A", "-out", key);
        await RunAsync("req", "-engine", "gost", "-new", "-x509", "-key", key, "-subj", "/CN=messenger-test-client",
            "-md_gost12_256", "-days", "2", "-out", certificate);
        return new KeyPair(key, certificate);
    }

    /// <summary>Runs openssl; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> TryRunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public static async Task<string> RunAsync(params string[] arguments)
    {
        var (exitCode, output) = await TryRunAsync(arguments);
        Assert.True(exitCode == 0, $"openssl {string.Join(' ', arguments)} failed: {output}");
        return output;
    }
}
