using System.Diagnostics;
using System.Text;

namespace Messenger.MediaServer.Tests.Dtls;

/// <summary>An openssl s_client / s_server child process whose output the test can wait on.</summary>
internal sealed class OpenSslProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    public OpenSslProcess(params string[] arguments)
    {
        var info = new ProcessStartInfo(OpenSslFactAttribute.OpenSslPath)
        {
            RedirectStandardInput = true, // kept open: both tools quit on stdin EOF
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Completes with the first output line (past or future) that satisfies <paramref name="match"/>.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (string line in _output.ToString().Split('\n'))
            {
                if (match(line))
                {
                    found.SetResult(line);
                    return found.Task;
                }
            }

            _waiters.Add((match, found));
        }

        return found.Task;
    }

    /// <summary>End of input makes s_client send close_notify and exit.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public Task WaitForExitAsync(CancellationToken token) => _process.WaitForExitAsync(token);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Append(line).Append('\n');
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    _waiters[i].Found.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
