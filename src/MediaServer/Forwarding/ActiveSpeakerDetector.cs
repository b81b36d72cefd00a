namespace Messenger.MediaServer.Forwarding;

/// <summary>
/// Ranks the producers of a room by how much they speak, from the client-to-mixer audio level header extension
/// (RFC 6464 §3: level in −dBov, 0 = loudest, 127 = silence), which spares us decoding Opus.
/// <see cref="OnAudioLevel"/> runs per packet and only adds to the producer's window; <see cref="Update"/> runs
/// on a timer (e.g. every 300 ms), folds each window into a time-weighted moving score and re-ranks.
/// Hysteresis: a producer overtakes one ranked above it only when its score is <see cref="OvertakeFactor"/>
/// times higher, so two people talking at similar volume do not make the ranking (and the Last-N video set
/// built on it) flap. Producers whose score falls below <see cref="MinScore"/> leave the ranking.
/// Not thread-safe: call from the room's loop. Nothing allocates per packet.
/// </summary>
public sealed class ActiveSpeakerDetector
{
    /// <summary>Levels at or above this (−dBov) count as silence (background noise of a quiet room).</summary>
    public const int SilenceLevel = 70;

    private static readonly TimeSpan TimeConstant = TimeSpan.FromMilliseconds(500);

    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<int, Speaker> _speakers = [];
    private readonly List<int> _ranking = [];
    private int[] _scratch = new int[8];
    private long _lastUpdateTicks;

    public ActiveSpeakerDetector(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _lastUpdateTicks = timeProvider.GetTimestamp();
    }

    /// <summary>How much louder (in score) a challenger must be to pass someone ranked above it.</summary>
    public double OvertakeFactor { get; set; } = 1.25;

    /// <summary>Smallest score (mean loudness above silence, 0..70) that counts as speaking.</summary>
    public double MinScore { get; set; } = 5;

    /// <summary>Producer ids, most active first.</summary>
    public IReadOnlyList<int> Ranking => _ranking;

    public void AddProducer(int producerId) => _speakers.TryAdd(producerId, new Speaker());

    /// <summary>Forgets a producer; true when it was ranked, i.e. the ranking changed right now.</summary>
    public bool RemoveProducer(int producerId)
    {
        _speakers.Remove(producerId);
        return _ranking.Remove(producerId);
    }

    /// <summary>Rank of <paramref name="producerId"/> (0 = most active), or <see cref="int.MaxValue"/> when not speaking.</summary>
    public int GetRank(int producerId)
    {
        var index = _ranking.IndexOf(producerId);
        return index < 0 ? int.MaxValue : index;
    }

    /// <summary>Per audio packet: the RFC 6464 level (0..127 −dBov). Unknown producers are ignored.</summary>
    public void OnAudioLevel(int producerId, byte level)
    {
        if (_speakers.TryGetValue(producerId, out var speaker))
        {
            speaker.WindowSum += Math.Max(0, SilenceLevel - Math.Min(level, (byte)127));
            speaker.WindowCount++;
        }
    }

    /// <summary>Folds the windows into the scores and re-ranks; true when the ranking changed.</summary>
    public bool Update()
    {
        var now = _timeProvider.GetTimestamp();
        var elapsed = _timeProvider.GetElapsedTime(_lastUpdateTicks, now);
        _lastUpdateTicks = now;
        var alpha = 1 - Math.Exp(-elapsed.TotalMilliseconds / TimeConstant.TotalMilliseconds);

        if (_scratch.Length < _speakers.Count)
        {
            _scratch = new int[_speakers.Count * 2];
        }

        // Start from the current order so hysteresis compares against who is ahead now; newcomers go last.
        var count = 0;
        foreach (var id in _ranking)
        {
            _scratch[count++] = id;
        }

        foreach (var (id, speaker) in _speakers)
        {
            var mean = speaker.WindowCount == 0 ? 0 : (double)speaker.WindowSum / speaker.WindowCount;
            speaker.Score += alpha * (mean - speaker.Score);
            speaker.WindowSum = 0;
            speaker.WindowCount = 0;
            if (!_ranking.Contains(id))
            {
                _scratch[count++] = id;
            }
        }

        // Insertion sort: stable, and a producer moves up only past those it beats by the overtake factor.
        var order = _scratch.AsSpan(0, count);
        for (var i = 1; i < order.Length; i++)
        {
            var current = order[i];
            var score = _speakers[current].Score;
            var j = i - 1;
            while (j >= 0 && score > _speakers[order[j]].Score * OvertakeFactor)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = current;
        }

        var changed = false;
        var ranked = 0;
        foreach (var id in order)
        {
            if (_speakers[id].Score < MinScore)
            {
                continue;
            }

            if (ranked >= _ranking.Count || _ranking[ranked] != id)
            {
                changed = true;
            }

            ranked++;
        }

        changed |= ranked != _ranking.Count;
        if (changed)
        {
            _ranking.Clear();
            foreach (var id in order)
            {
                if (_speakers[id].Score >= MinScore)
                {
                    _ranking.Add(id);
                }
            }
        }

        return changed;
    }

    private sealed class Speaker
    {
        public long WindowSum;
        public int WindowCount;
        public double Score;
    }
}
