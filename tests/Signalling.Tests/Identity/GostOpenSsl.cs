using System.Diagnostics;

namespace Messenger.Signalling.Tests.Identity;

/// <summary>
/// OpenSSL 3 with Debian's GOST engine (libengine-gost-openssl): makes the test client's GOST R 34.10-2012-256 key
/// and certificate, and serves as an independent verifier of what BouncyCastle produces.
/// </summary>
public static class GostOpenSsl
{
    public sealed record KeyPair(string KeyPath, string CertificatePath);

    /// <summary>A GOST R 34.10-2012 key (256 or 512 bits, parameter set A) and a self-signed certificate for it.</summary>
    public static async Task<KeyPair> CreateKeyAndCertificateAsync(string folder, string name = "client", int bits = 256)
    {
        Directory.CreateDirectory(folder);
        var key = Path.Combine(folder, name + ".key");
        var certificate = Path.Combine(folder, name + ".crt");
        await RunAsync("genpkey", "-engine", "gost", "-algorithm", $"gost2012_{bits}", "-pkeyopt", "paramset:A", "-out", key);
        await RunAsync("req", "-engine", "gost", "-new", "-x509", "-key", key, "-subj", $"/CN=messenger-test-{name}",
            $"-md_gost12_{bits}", "-days", "2", "-out", certificate);
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
