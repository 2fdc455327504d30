using MassTransit;
using MassTransit.Middleware;

namespace OklaMq.ServiceDefaults.Messaging.Ordering;

/// <summary>
/// One message per ordering key at a time, and in the order the broker delivered them: each
/// delivery takes its place in the queue of its key's partition during its turn of the
/// <see cref="DeliverySequencer"/>, then waits there (first come, first served) until the messages
/// before it have been processed. MassTransit's own <c>PartitionFilter</c> keeps messages of a key
/// from running at the same time, but not in order: its deliveries race to it (docs/exactly-once.md).
/// </summary>
public sealed class OrderedPartitionFilter(int partitions, DeliverySequencer sequencer) : IFilter<ConsumeContext>
{
    private readonly Murmur3UnsafeHashGenerator _hash = new();
    private readonly SemaphoreSlim[] _partitions = [.. Enumerable.Range(0, partitions).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        var partition = _partitions[_hash.Hash(OrderingKeys.PartitionKey(context)) % (uint)_partitions.Length];
        Task placed;
        using (await sequencer.TurnAsync(context.ReceiveContext, context.CancellationToken))
        {
            // SemaphoreSlim serves its waiters first come, first served: taking the place is enough.
            placed = partition.WaitAsync(context.CancellationToken);
        }
        await placed;
        try
        {
            await next.Send(context);
        }
        finally
        {
            partition.Release();
        }
    }

    public void Probe(ProbeContext context)
    {
        var scope = context.CreateFilterScope("orderedPartition");
        scope.Add("partitions", _partitions.Length);
    }
}
