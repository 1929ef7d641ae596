// Compiled by Invoke-Benchmark.ps1 with Add-Type in the benchmark's own pwsh process: the floor client (c), the
// pipeline sink every variant writes into, and the memory sampler. Not part of the module.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace O365ServiceComms.Bench
{
    /// <summary>The end of every measured pipeline: counts objects and notes when the first one came, holding none.</summary>
    [Cmdlet("Measure", "BenchStream")]
    public sealed class MeasureBenchStreamCommand : PSCmdlet
    {
        public static long Count;
        public static long FirstObjectTimestamp;
        public static DateTime FirstObjectUtc;

        [Parameter(ValueFromPipeline = true)]
        public object InputObject { get; set; }

        public static void Reset()
        {
            Count = 0;
            FirstObjectTimestamp = 0;
            FirstObjectUtc = default;
        }

        protected override void ProcessRecord()
        {
            if (Count++ == 0)
            {
                FirstObjectTimestamp = Stopwatch.GetTimestamp();
                FirstObjectUtc = DateTime.UtcNow;
            }
        }
    }

    /// <summary>
    /// The floor (c): HttpClient fetches each 1000-item page and parses it into a JObject, nothing else.
    /// The items are counted, and the first page's parse time is its time to first object.
    /// </summary>
    public static class FloorClient
    {
        private static readonly HttpClient s_http = new HttpClient(new HttpClientHandler()) { Timeout = TimeSpan.FromMinutes(5) };

        public static long Count;
        public static long FirstObjectTimestamp;
        public static DateTime FirstObjectUtc;

        public static void Run(string[] collectionUris, string bearerToken)
        {
            Count = 0;
            FirstObjectTimestamp = 0;
            foreach (string start in collectionUris)
            {
                string uri = start;
                while (uri != null)
                {
                    using (var request = new HttpRequestMessage(HttpMethod.Get, uri))
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
                        request.Headers.TryAddWithoutValidation("Prefer", "odata.maxpagesize=1000");
                        using (HttpResponseMessage response = s_http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult())
                        {
                            response.EnsureSuccessStatusCode();
                            JObject page;
                            using (Stream stream = response.Content.ReadAsStreamAsync().GetAwaiter().GetResult())
                            using (var reader = new JsonTextReader(new StreamReader(stream, Encoding.UTF8)))
                            {
                                page = JObject.Load(reader);
                            }

                            int items = ((JArray)page["value"]).Count;
                            if (Count == 0 && items > 0)
                            {
                                FirstObjectTimestamp = Stopwatch.GetTimestamp();
                                FirstObjectUtc = DateTime.UtcNow;
                            }

                            Count += items;
                            uri = (string)page["@odata.nextLink"];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The wire alone: HttpClient reads each 1000-item page as a string and finds the next link, nothing parsed.
    /// What any client of this API pays at least; the items are counted by the emulator's page sizes.
    /// </summary>
    public static class WireClient
    {
        private static readonly HttpClient s_http = new HttpClient(new HttpClientHandler()) { Timeout = TimeSpan.FromMinutes(5) };

        public static long Bytes;
        public static long Pages;

        public static void Run(string[] collectionUris, string bearerToken)
        {
            Bytes = 0;
            Pages = 0;
            foreach (string start in collectionUris)
            {
                string uri = start;
                while (uri != null)
                {
                    using (var request = new HttpRequestMessage(HttpMethod.Get, uri))
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
                        request.Headers.TryAddWithoutValidation("Prefer", "odata.maxpagesize=1000");
                        using (HttpResponseMessage response = s_http.SendAsync(request, HttpCompletionOption.ResponseContentRead).GetAwaiter().GetResult())
                        {
                            response.EnsureSuccessStatusCode();
                            string page = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                            Bytes += page.Length;
                            Pages++;
                            uri = NextLink(page);
                        }
                    }
                }
            }
        }

        // The next link by a string search (Graph writes it once, at the page's start or end), so nothing is parsed.
        private static string NextLink(string page)
        {
            const string Name = "\"@odata.nextLink\":\"";
            int at = page.IndexOf(Name, StringComparison.Ordinal);
            if (at < 0) return null;
            int start = at + Name.Length;
            int end = page.IndexOf('"', start);
            return page.Substring(start, end - start).Replace("\\/", "/");
        }
    }

    /// <summary>
    /// Samples memory every 5 ms on a thread of its own while a variant runs. The baseline is taken after a full,
    /// blocking GC. HeapAfterGc is the managed heap as the last GC left it (GCMemoryInfo.HeapSizeBytes): live data,
    /// not the garbage of the moment, so it shows whether a run holds items or streams them.
    /// </summary>
    public sealed class MemorySampler : IDisposable
    {
        private readonly Thread _thread;
        private readonly long _baseHeap;
        private readonly long _baseWorkingSet;
        private readonly long _baseAllocated;
        private volatile bool _stop;
        private long _peakHeap;
        private long _peakWorkingSet;

        public MemorySampler()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            _baseHeap = GC.GetGCMemoryInfo().HeapSizeBytes;
            _baseWorkingSet = Environment.WorkingSet;
            _baseAllocated = GC.GetTotalAllocatedBytes(precise: true);
            _peakHeap = _baseHeap;
            _peakWorkingSet = _baseWorkingSet;
            _thread = new Thread(Sample) { IsBackground = true, Name = "bench memory sampler" };
            _thread.Start();
        }

        public double PeakHeapDeltaMB { get; private set; }

        public double PeakWorkingSetDeltaMB { get; private set; }

        public double AllocatedMB { get; private set; }

        private void Sample()
        {
            while (!_stop)
            {
                Take();
                Thread.Sleep(5);
            }
        }

        private void Take()
        {
            long heap = GC.GetGCMemoryInfo().HeapSizeBytes;
            long workingSet = Environment.WorkingSet;
            if (heap > _peakHeap) _peakHeap = heap;
            if (workingSet > _peakWorkingSet) _peakWorkingSet = workingSet;
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
            Take();
            PeakHeapDeltaMB = (_peakHeap - _baseHeap) / 1048576.0;
            PeakWorkingSetDeltaMB = (_peakWorkingSet - _baseWorkingSet) / 1048576.0;
            AllocatedMB = (GC.GetTotalAllocatedBytes(precise: true) - _baseAllocated) / 1048576.0;
        }
    }
}
