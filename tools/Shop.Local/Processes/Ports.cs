using System.Net;
using System.Net.Sockets;

namespace Shop.Local.Processes;

public static class Ports
{
    /// <summary>A port the OS says is free right now on 127.0.0.1.</summary>
    public static int FindFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Fails with one line naming the port, its purpose and the setting that moves it.</summary>
    public static void EnsureFree(int port, string purpose, string setting)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
        catch (SocketException)
        {
            throw new PrerequisiteException(
                $"Port {port} ({purpose}) is already in use — stop what holds it or choose another port with {setting}=<port>.");
        }
    }

    public static async Task WaitUntilListeningAsync(int port, TimeSpan limit, Func<bool> failed, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (failed())
            {
                throw new PrerequisiteException($"{what} exited while starting; see its log.");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new PrerequisiteException($"{what} did not start listening on port {port} within {limit.TotalSeconds:0} s; see its log.");
    }
}

/// <summary>Something the environment needs is missing or in the way; the message is one line saying what to do.</summary>
public sealed class PrerequisiteException(string message) : Exception(message);
