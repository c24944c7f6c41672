using System.Collections;

namespace H3deMl.Core.Data;

/// <summary>
/// Enumerates a view's rows in a fixed order while worker threads prepare the next rows (at most <c>depth</c> ahead of
/// the consumer), so loading and transforming overlap with the consumer's work. The output order and every row's content
/// are those of sequential enumeration: a row's randomness depends on its index and the epoch, never on the thread.
/// </summary>
internal sealed class PrefetchingRowSequence : IEnumerable<ScanRow>
{
    private readonly ScanDataView _view;
    private readonly int _epoch;
    private readonly int[] _order;
    private readonly int _depth;
    private readonly CancellationToken _cancellationToken;

    public PrefetchingRowSequence(ScanDataView view, int epoch, int[] order, int depth, CancellationToken cancellationToken)
    {
        _view = view;
        _epoch = epoch;
        _order = order;
        _depth = depth;
        _cancellationToken = cancellationToken;
    }

    public IEnumerator<ScanRow> GetEnumerator() => new Enumerator(this);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator : IEnumerator<ScanRow>
    {
        private readonly PrefetchingRowSequence _owner;
        private readonly object _gate = new();
        private readonly Dictionary<int, (ScanRow? Row, Exception? Error)> _ready = [];
        private readonly CancellationTokenSource _stop;
        private readonly Task[] _workers;
        private int _nextToSchedule;
        private int _consumed;
        private bool _stopped;
        private ScanRow? _current;

        public Enumerator(PrefetchingRowSequence owner)
        {
            _owner = owner;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(owner._cancellationToken);
            int workers = Math.Max(1, Math.Min(owner._depth, Environment.ProcessorCount));
            _workers = new Task[workers];
            for (int w = 0; w < workers; w++)
            {
                _workers[w] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
        }

        public ScanRow Current => _current ?? throw new InvalidOperationException("Call MoveNext first.");

        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            lock (_gate)
            {
                if (_consumed >= _owner._order.Length)
                {
                    _current = null;
                    return false;
                }

                (ScanRow? Row, Exception? Error) item;
                while (!_ready.TryGetValue(_consumed, out item))
                {
                    _owner._cancellationToken.ThrowIfCancellationRequested();
                    Monitor.Wait(_gate, 100);
                }

                _ready.Remove(_consumed);
                _consumed++;
                Monitor.PulseAll(_gate);
                if (item.Error is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(item.Error).Throw();
                }

                _current = item.Row;
                return true;
            }
        }

        public void Reset() => throw new NotSupportedException("Enumerate the view again for a new epoch.");

        public void Dispose()
        {
            lock (_gate)
            {
                _stopped = true;
                _ready.Clear();
                Monitor.PulseAll(_gate);
            }

            _stop.Cancel();
            try
            {
                Task.WaitAll(_workers);
            }
            catch (AggregateException)
            {
                // Workers record their errors per row; an exception here can only be the cancellation we just requested.
            }

            _stop.Dispose();
        }

        private void Work()
        {
            while (true)
            {
                int position;
                lock (_gate)
                {
                    while (!_stopped && _nextToSchedule < _owner._order.Length && _nextToSchedule > _consumed + _owner._depth)
                    {
                        Monitor.Wait(_gate);
                    }

                    if (_stopped || _nextToSchedule >= _owner._order.Length)
                    {
                        return;
                    }

                    position = _nextToSchedule++;
                }

                (ScanRow? Row, Exception? Error) result;
                try
                {
                    result = (_owner._view.Materialize(_owner._order[position], _owner._epoch, _stop.Token), null);
                }
                catch (Exception e)
                {
                    result = (null, e);
                }

                lock (_gate)
                {
                    if (!_stopped)
                    {
                        _ready[position] = result;
                    }

                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
