using System;
using System.Management.Automation;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Write-Progress for a list read page by page: the items so far, written once per page when the next page is
    /// requested. A list of one page shows none, and a page costs far more than its record, so this stays cheap when
    /// nobody watches; $ProgressPreference and -ProgressAction apply as to any progress. Writes through the given
    /// action, which reaches Cmdlet.WriteProgress on the pipeline thread (directly, or queued by a list read side by side).
    /// </summary>
    internal sealed class ListProgress
    {
        private readonly Action<ProgressRecord> _write;
        private readonly int _activityId;
        private readonly string _activity;
        private bool _written;

        public ListProgress(Action<ProgressRecord> write, int activityId, string activity)
        {
            _write = write;
            _activityId = activityId;
            _activity = activity;
        }

        /// <summary>Items read so far.</summary>
        public int Count { get; private set; }

        public void ItemRead() => Count++;

        public void NextPage(int page)
        {
            _written = true;
            _write(new ProgressRecord(_activityId, _activity, string.Format(Strings.ProgressItemsSoFar, Count, page)));
        }

        public void Complete()
        {
            if (_written)
            {
                _write(new ProgressRecord(_activityId, _activity, _activity)
                {
                    RecordType = ProgressRecordType.Completed,
                });
            }
        }
    }
}
