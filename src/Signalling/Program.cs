using Messenger.Signalling.Hosting;

MessengerHost.Build(args).Run();
