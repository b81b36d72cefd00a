using System.Security.Cryptography;

namespace Messenger.ChatCore.Attachments;

/// <summary>An upload written to a temporary file, hashed and measured on the way, not yet in the store.</summary>
public sealed record StagedBlob(string TempPath, string Sha256, long Size, byte[] Head);

/// <summary>
/// Content-addressed blobs on disk: <c>{root}/{sha[0..2]}/{sha}</c>. Uploads stream into a temporary file while being
/// hashed and counted, and are renamed into place only once accepted, so a refused or cut-off upload leaves nothing.
/// </summary>
public sealed class BlobStore(string root)
{
    private const int BufferSize = 81920;

    /// <summary>Copies <paramref name="content"/> to a temp file; null (and nothing kept) when it exceeds <paramref name="maxBytes"/>.</summary>
    public async Task<StagedBlob?> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(root, "tmp", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new byte[ContentSniffer.HeadLength];
        var headLength = 0;
        long size = 0;
        var buffer = new byte[BufferSize];
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        break;
                    }

                    var take = Math.Min(read, head.Length - headLength);
                    buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                    headLength += take;
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            if (size > maxBytes)
            {
                File.Delete(temp);
                return null;
            }

            return new StagedBlob(temp, Convert.ToHexStringLower(hash.GetHashAndReset()), size, head[..headLength]);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Moves the staged file to its address; if the same bytes are already stored, the copy is dropped.</summary>
    public void Commit(StagedBlob staged)
    {
        var path = PathOf(staged.Sha256);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path))
        {
            File.Delete(staged.TempPath);
            return;
        }

        try
        {
            File.Move(staged.TempPath, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(staged.TempPath); // another upload of the same bytes won the race
        }
    }

    public static void Discard(StagedBlob staged) => File.Delete(staged.TempPath);

    public Stream OpenRead(string sha256) =>
        new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);

    private string PathOf(string sha256) => Path.Combine(root, sha256[..2], sha256);
}
