using System.Collections.Concurrent;

namespace Sharpfish.Platform;

/// <summary>
/// The result port: a line out of the machine to whoever runs it, like the debug port a test harness reads on a
/// real board. Domains write typed <see cref="ResultRecord"/>s to it through their context, from any core; the host
/// reads them during the run or after every core halted. Records come out in the order they went in, so those of
/// one core keep the order that core wrote them in. Nothing read here goes back into the machine: it is an output
/// device, and the host is its only reader. As a device it may be used from any core; its FIFO is the device's own
/// buffer.
/// </summary>
public sealed class ResultPort
{
    private readonly ConcurrentQueue<ResultRecord> _records = new();

    /// <summary>Writes <paramref name="record"/> (any core).</summary>
    public void Write(ResultRecord record) => _records.Enqueue(record);

    /// <summary>Takes the oldest record not read yet (the host).</summary>
    public bool TryRead(out ResultRecord record) => _records.TryDequeue(out record);

    /// <summary>Takes every record not read yet, oldest first (the host).</summary>
    public IReadOnlyList<ResultRecord> ReadAll()
    {
        var records = new List<ResultRecord>();
        while (TryRead(out var record))
        {
            records.Add(record);
        }

        return records;
    }
}
