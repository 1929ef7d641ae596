using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Authentication;

// Reads every issue and Message Center post of the emulator's demo tenant with the official Graph SDK: its
// GraphServiceClient (default middleware), 999-item pages, and PageIterator following @odata.nextLink.
// Arguments: the emulator's base URL and an app token. Each line "run" on standard input reads both lists once and
// answers "<items> <milliseconds>"; end of input ends the process. The emulator's certificate is trusted through
// SSL_CERT_FILE, as for every process of the benchmark.
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: GraphSdkBench <emulator base URL> <access token>");
            return 2;
        }

        var client = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(new StaticToken(args[1])), args[0].TrimEnd('/') + "/v1.0");
        Console.WriteLine("READY");
        string line;
        while ((line = Console.ReadLine()) != null)
        {
            if (line.Trim() != "run")
            {
                continue;
            }

            var watch = Stopwatch.StartNew();
            long count = await ReadBothLists(client);
            Console.WriteLine(count + " " + watch.Elapsed.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return 0;
    }

    private static async Task<long> ReadBothLists(GraphServiceClient client)
    {
        long count = 0;
        ServiceHealthIssueCollectionResponse issues = await client.Admin.ServiceAnnouncement.Issues.GetAsync(request => request.Headers.Add("Prefer", "odata.maxpagesize=999"));
        await PageIterator<ServiceHealthIssue, ServiceHealthIssueCollectionResponse>
            .CreatePageIterator(client, issues, issue => { count++; return true; }, request => { request.Headers.Add("Prefer", "odata.maxpagesize=999"); return request; })
            .IterateAsync();
        ServiceUpdateMessageCollectionResponse messages = await client.Admin.ServiceAnnouncement.Messages.GetAsync(request => request.Headers.Add("Prefer", "odata.maxpagesize=999"));
        await PageIterator<ServiceUpdateMessage, ServiceUpdateMessageCollectionResponse>
            .CreatePageIterator(client, messages, message => { count++; return true; }, request => { request.Headers.Add("Prefer", "odata.maxpagesize=999"); return request; })
            .IterateAsync();
        return count;
    }

    private sealed class StaticToken : IAccessTokenProvider
    {
        private readonly string _token;

        public StaticToken(string token) => _token = token;

        public AllowedHostsValidator AllowedHostsValidator { get; } = new AllowedHostsValidator();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object> additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(_token);
    }
}
