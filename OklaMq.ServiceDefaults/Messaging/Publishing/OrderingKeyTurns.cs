namespace OklaMq.ServiceDefaults.Messaging.Publishing;

/// <summary>
/// Writes one ordering key's publishes to the broker in the order they were started, and none of
/// them after one that failed. Concurrent publishes (a batch of the outbox relay) can wait before
/// they reach their channel: for the first declaration of an exchange (<see cref="PublishedExchanges"/>),
/// or for a channel reopened while the connection recovers. Without turns a later one could be
/// written first, or be confirmed on the recovered connection while the earlier one failed on the
/// dead one; the caller then publishes the earlier one again, after the later one was delivered.
/// </summary>
public sealed class OrderingKeyTurns
{
    private readonly Dictionary<string, Turn> _latest = new(StringComparer.Ordinal);

    /// <summary>The next turn of <paramref name="orderingKey"/>; dispose it once its publish is over.</summary>
    public Turn Take(string orderingKey)
    {
        lock (_latest)
        {
            _latest.TryGetValue(orderingKey, out var previous);
            var turn = new Turn(this, orderingKey, previous);
            _latest[orderingKey] = turn;
            return turn;
        }
    }

    private void End(Turn turn)
    {
        lock (_latest)
        {
            // Only the key's latest turn is kept, and only while its publish is in flight.
            if (_latest.TryGetValue(turn.OrderingKey, out var latest) && latest == turn)
            {
                _latest.Remove(turn.OrderingKey);
            }
        }
    }

    public sealed class Turn : IDisposable
    {
        private static readonly Task NotWritten = Task.FromCanceled(new CancellationToken(canceled: true));

        private readonly OrderingKeyTurns _owner;
        // Dropped once waited for, so that a busy key's turns do not hold each other in a chain.
        private Turn? _previous;
        // The publish's confirm once it is written to its channel; NotWritten if it never was.
        private readonly TaskCompletionSource<Task> _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal Turn(OrderingKeyTurns owner, string orderingKey, Turn? previous) =>
            (_owner, OrderingKey, _previous) = (owner, orderingKey, previous);

        public string OrderingKey { get; }

        /// <summary>
        /// Waits until the publish started before this one with the same key is written to its
        /// channel; false if it failed (before or after it was written), so this one must not go out.
        /// </summary>
        public async Task<bool> PreviousWentOutAsync(CancellationToken cancellationToken)
        {
            if (_previous is not { } turn)
            {
                return true;
            }
            var previous = await turn._written.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            _previous = null;
            // A channel that closes fails its pending confirms, so one written before a connection failure
            // has failed by the time its recovered channel could take this one.
            return !previous.IsCanceled && !previous.IsFaulted;
        }

        /// <summary>This publish is written to its channel; <paramref name="confirm"/> completes with the broker's answer.</summary>
        public void Written(Task confirm) => _written.TrySetResult(confirm);

        public void Dispose()
        {
            _written.TrySetResult(NotWritten);
            _previous = null;
            _owner.End(this);
        }
    }
}
