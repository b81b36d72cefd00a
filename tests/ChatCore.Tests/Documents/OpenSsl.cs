using System.Diagnostics;

namespace Messenger.ChatCore.Tests.Documents;

/// <summary>
/// Debian's openssl in a temp folder: the independent peer for CMS interop, with the GOST engine
/// (libengine-gost-openssl, installed by scripts/install-test-deps.sh) for GOST R 34.10-2012.
/// </summary>
public sealed class OpenSsl : IDisposable
{
    public OpenSsl() => System.IO.Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "messenger-openssl", Guid.NewGuid().ToString("N"));

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Runs openssl with the arguments in <see cref="Folder"/>; returns (exit code, stdout + stderr).</summary>
    public async Task<(int Exit, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public async Task MustRunAsync(params string[] arguments)
    {
        var (exit, output) = await RunAsync(arguments);
        Assert.True(exit == 0, $"openssl {string.Join(' ', arguments)} failed ({exit}): {output}");
    }

    /// <summary>A key and self-signed certificate for one of our algorithm names, made by openssl itself.</summary>
    public async Task SelfSignedAsync(string algorithm, string name, string commonName)
    {
        var key = name + ".key";
        var crt = name + ".crt";
        switch (algorithm)
        {
            case "gost2012-256":
            case "gost2012-512":
                var bits = algorithm[^3..];
                await MustRunAsync("genpkey", "-engine", "gost", "-algorithm", "gost2012_" + bits, "-pkeyopt", "paramset:A", "-out", key);
                await MustRunAsync("req", "-engine", "gost", "-new", "-x509", "-key", key, "-subj", "/CN=" + commonName,
                    "-md_gost12_" + bits, "-days", "30", "-out", crt);
                break;
            case "ecdsa-p256-sha256":
                await MustRunAsync("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
                await MustRunAsync("req", "-new", "-x509", "-key", key, "-subj", "/CN=" + commonName, "-sha256", "-days", "30", "-out", crt);
                break;
            default:
                await MustRunAsync("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key);
                await MustRunAsync("req", "-new", "-x509", "-key", key, "-subj", "/CN=" + commonName, "-sha256", "-days", "30", "-out", crt);
                break;
        }
    }

    /// <summary>openssl cms -sign, detached, DER, with the digest and padding each algorithm needs.</summary>
    public Task<(int Exit, string Output)> CmsSignAsync(string algorithm, string name, string content, string output)
    {
        List<string> arguments = ["cms", "-sign", "-binary", "-in", content, "-signer", name + ".crt", "-inkey", name + ".key",
            "-outform", "DER", "-out", output];
        switch (algorithm)
        {
            case "gost2012-256": arguments.AddRange(["-engine", "gost", "-md", "md_gost12_256"]); break;
            case "gost2012-512": arguments.AddRange(["-engine", "gost", "-md", "md_gost12_512"]); break;
            case "rsa-pss-sha256": arguments.AddRange(["-md", "sha256", "-keyopt", "rsa_padding_mode:pss"]); break;
            default: arguments.AddRange(["-md", "sha256"]); break;
        }

        return RunAsync([.. arguments]);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Harmless leftover.
        }
    }
}
