using Messenger.MediaServer.Standalone;

WebApplication app;
try
{
    app = MediaNodeHost.Build(args);
}
catch (MediaNodeConfigurationException e)
{
    // A misconfigured node should say what is wrong in one line, not with a stack trace.
    await Console.Error.WriteLineAsync("Media node: " + e.Message);
    return 1;
}

await app.RunAsync();
return 0;
