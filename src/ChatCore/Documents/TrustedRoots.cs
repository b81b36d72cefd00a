using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.X509;

namespace Messenger.ChatCore.Documents;

/// <summary>
/// The certificates an operator trusts as signature roots (<c>Messenger:Signatures:TrustedRoots</c>): PEM files, or
/// folders whose *.pem, *.crt and *.cer files are read. A path that does not exist is an error at start, so a typo
/// does not silently turn every signature "untrusted".
/// </summary>
public sealed class TrustedRoots
{
    public TrustedRoots(IEnumerable<X509Certificate> certificates) => Certificates = certificates.ToList();

    public IReadOnlyList<X509Certificate> Certificates { get; }

    public static TrustedRoots Load(IEnumerable<string> paths)
    {
        var parser = new X509CertificateParser();
        var found = new List<X509Certificate>();
        foreach (var path in paths.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            IEnumerable<string> files = System.IO.Directory.Exists(path)
                ? System.IO.Directory.EnumerateFiles(path).Where(f => f.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
                    || f.EndsWith(".crt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".cer", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                : File.Exists(path) ? [path] : throw new FileNotFoundException("A trusted root path does not exist.", path);
            foreach (var file in files)
            {
                using var stream = File.OpenRead(file);
                try
                {
                    found.AddRange(parser.ReadCertificates(stream));
                }
                catch (CertificateException exception)
                {
                    throw new InvalidDataException($"{file} holds no readable certificate.", exception);
                }
            }
        }

        return new TrustedRoots(found);
    }
}
