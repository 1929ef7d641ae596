using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using O365ServiceComms.Cmdlets;

namespace O365ServiceComms.Loader
{
    /// <summary>
    /// On PowerShell 7, import starts one background thread that gets ready what a cold runbook asks for next
    /// (Connect-O365ServiceComms, then a first read): it compiles the cmdlets' code and runs the engine's sign-in and
    /// status read once against answers made in memory (<see cref="EngineWarmUp"/>). On a machine with more than one
    /// core that work overlaps PowerShell's own (the rest of the import, the commands before Connect) instead of
    /// following it; nothing is sent anywhere, and nothing the cmdlets later do depends on it having run or finished.
    /// Windows PowerShell has none: there the engine waits for the first cmdlet (see <see cref="EngineLoader"/>).
    /// </summary>
    internal static class BackgroundWarmUp
    {
        private static int s_started;

        /// <summary>Once per process: a second import (Import-Module -Force) finds everything ready.</summary>
        public static void Start()
        {
            if (Interlocked.Exchange(ref s_started, 1) == 0)
            {
                new Thread(Run) { IsBackground = true, Name = "O365ServiceComms warm-up" }.Start();
            }
        }

        private static void Run()
        {
            try
            {
                // In the order a runbook needs them: Connect's own code first, then the engine, then the first read's.
                Prepare(typeof(ConnectO365ServiceCommsCommand), typeof(SecureStringArgumentAttribute), typeof(ServiceCommsCmdlet), typeof(ServiceCommsConnection));
                WarmUpEngine();
                Prepare(
                    typeof(GetO365ServiceStatusCommand), typeof(MultiTenantCommandBase), typeof(TenantOutput), typeof(TenantSelection),
                    typeof(ServiceStatus), typeof(ServiceIncident), typeof(ServiceMessage));
            }
            catch (Exception)
            {
                // Nothing to report: the warm-up only saves time, and whatever failed here fails again where it counts.
            }
        }

        // A method of its own, so that the engine assembly loads on this thread, not while Run is compiled.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void WarmUpEngine() => EngineWarmUp.Run();

        /// <summary>Compiles the methods the types declare, as their first call would.</summary>
        private static void Prepare(params Type[] types)
        {
            const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
            foreach (Type type in types)
            {
                foreach (MethodBase method in type.GetMethods(Declared))
                {
                    PrepareOne(method);
                }

                foreach (MethodBase constructor in type.GetConstructors(Declared))
                {
                    PrepareOne(constructor);
                }
            }
        }

        private static void PrepareOne(MethodBase method)
        {
            if (method.IsAbstract || method.ContainsGenericParameters)
            {
                return;
            }

            try
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
            catch (Exception)
            {
                // One method the runtime will not compile ahead is left to its first call; the others still are.
            }
        }
    }
}
