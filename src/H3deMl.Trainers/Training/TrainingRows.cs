using System.Collections.Concurrent;
using H3deMl.Core.MLNet;
using H3deMl.Tensors.Randomness;
using Microsoft.ML;

namespace H3deMl.Trainers.Training;

/// <summary>The prepared training rows of each epoch, read through one cursor per epoch on a background thread while
/// the network trains on the rows before.</summary>
/// <remarks>Epoch e's cursor gets a <see cref="Random"/> seeded from the run's stream and e: the source shuffles with it
/// and random steps derive each row's draws from it and the row's id, so an epoch is the same whatever the thread
/// count, and a resumed run replays it exactly.</remarks>
internal sealed class TrainingRows(IDataView data, TrainingColumns columns, RandomStream stream, int prefetchDepth)
{
    public int Count { get; } = CountRows(data);

    /// <summary>The rows of an epoch in its order, skipping the first <paramref name="skip"/> (already trained).</summary>
    public IEnumerable<TrainingSample> Epoch(int epoch, int skip, CancellationToken cancellationToken)
    {
        var random = new Random(unchecked((int)stream.Fork((ulong)epoch).NextUInt64()));
        if (prefetchDepth == 0)
        {
            return Read(random, skip, cancellationToken);
        }

        return Prefetched(random, skip, cancellationToken);
    }

    private IEnumerable<TrainingSample> Read(Random random, int skip, CancellationToken cancellationToken)
    {
        using ScanCancellation.Scope scope = ScanCancellation.Use(cancellationToken);
        using DataViewRowCursor cursor = data.GetRowCursor(columns.All, random);
        Func<TrainingSample> read = columns.Reader(cursor);
        for (int row = 0; cursor.MoveNext(); row++)
        {
            if (row >= skip)
            {
                yield return read();
            }
        }
    }

    private IEnumerable<TrainingSample> Prefetched(Random random, int skip, CancellationToken cancellationToken)
    {
        using var queue = new BlockingCollection<TrainingSample>(prefetchDepth);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task producer = Task.Run(() =>
        {
            try
            {
                foreach (TrainingSample sample in Read(random, skip, stop.Token))
                {
                    queue.Add(sample, stop.Token);
                }
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, CancellationToken.None);
        try
        {
            foreach (TrainingSample sample in queue.GetConsumingEnumerable(CancellationToken.None))
            {
                yield return sample;
            }

            producer.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            try
            {
                producer.Wait(CancellationToken.None);
            }
            catch (AggregateException) when (!producer.IsFaulted || stop.IsCancellationRequested)
            {
                // The consumer stopped early (cancellation or its own error), so the producer's cancellation is expected.
            }
        }
    }

    /// <summary>The number of rows: the view's own count, or a pass over it when it does not know.</summary>
    internal static int CountRows(IDataView data)
    {
        if (data.GetRowCount() is long n)
        {
            return checked((int)n);
        }

        using DataViewRowCursor cursor = data.GetRowCursor([]);
        int count = 0;
        while (cursor.MoveNext())
        {
            count++;
        }

        return count;
    }
}
