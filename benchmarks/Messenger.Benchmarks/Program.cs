using BenchmarkDotNet.Running;

namespace Messenger.Benchmarks;

public static class Program
{
    // `dotnet run -c Release --project benchmarks/Messenger.Benchmarks -- --filter '*'` runs every benchmark.
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
