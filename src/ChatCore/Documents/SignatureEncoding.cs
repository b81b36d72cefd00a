using System.Text;

namespace Messenger.ChatCore.Documents;

/// <summary>A .p7s arrives as DER, as base64 of DER, or as PEM (RFC 7468 "CMS" or "PKCS7" labels); this gives DER.</summary>
public static class SignatureEncoding
{
    public static byte[]? ToDer(byte[] upload)
    {
        // DER SignedData starts with a SEQUENCE tag; text never does.
        if (upload.Length > 0 && upload[0] == 0x30)
        {
            return upload;
        }

        var text = Encoding.ASCII.GetString(upload);
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("-----", StringComparison.Ordinal));
        try
        {
            var der = Convert.FromBase64String(string.Concat(lines));
            return der.Length > 0 && der[0] == 0x30 ? der : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
