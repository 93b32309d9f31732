// A bot built with Microsoft's Bot Framework SDK for JavaScript (botbuilder, pinned in package.json), written the way
// the SDK's samples write one: a CloudAdapter with ConfigurationBotFrameworkAuthentication and no app id (anonymous
// auth), an ActivityHandler that greets in onMembersAdded, and conversation and user state in MemoryStorage. The tests
// start it (BotFrameworkBot.java) to find out what a real SDK bot needs from the router's calls.
//
//   node src/test/bots/welcome-bot.js [--port <n>] [--name <bot name>] [--show-typing]
//
// --port (or PORT; 0 = any free port) and --name (or BOT_NAME). It listens on 127.0.0.1 only, routes
// POST /api/messages to adapter.process, prints "listening 127.0.0.1:<port>" once it accepts connections, and exits
// on SIGTERM or SIGINT. --show-typing adds the SDK's ShowTypingMiddleware, which sends typing activities to the
// activity's serviceUrl, outside the HTTP answer, while a turn takes more than 500 ms.
//
// What it says:
//   conversationUpdate, membersAdded  -> "Hi, I'm <name>. How can I help?" to each added member that is not the bot
//   event omnichannelSetContext       -> keeps activity.value (customer and context variables) in conversation state
//   every message                     -> counts the sender's messages in user state (keyed by from.id), as the
//                                        welcome sample keeps its "welcomed" flag
//   message "talk to a person"        -> a message whose channelData.tags asks Omnichannel to escalate
//   message "bye"                     -> "Goodbye." and an endOfConversation activity
//   message "slow"                    -> a typing activity, 1 s of work (with --show-typing, ShowTypingMiddleware
//                                        sends its own typing to serviceUrl meanwhile), then the usual answer
//   any other message                 -> "You said: <text> (order <orderId from the kept context>)"
'use strict';

const http = require('node:http');
const {
    ActivityHandler,
    ActivityTypes,
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConversationState,
    EndOfConversationCodes,
    MemoryStorage,
    ShowTypingMiddleware,
    UserState,
} = require('botbuilder');

class WelcomeBot extends ActivityHandler {
    constructor(name, conversationState, userState) {
        super();
        this.conversationState = conversationState;
        this.userState = userState;
        this.omnichannelContext = conversationState.createProperty('omnichannelContext');
        this.messagesFromUser = userState.createProperty('messagesFromUser');

        this.onMembersAdded(async (context, next) => {
            for (const member of context.activity.membersAdded) {
                // The bot is the recipient; any other member added is someone to greet.
                if (member.id !== context.activity.recipient.id) {
                    await context.sendActivity(`Hi, I'm ${name}. How can I help?`);
                }
            }
            await next();
        });

        this.onEvent(async (context, next) => {
            if (context.activity.name === 'omnichannelSetContext') {
                await this.omnichannelContext.set(context, context.activity.value || {});
            }
            await next();
        });

        this.onMessage(async (context, next) => {
            const text = (context.activity.text || '').trim();
            const kept = await this.omnichannelContext.get(context, {});
            await this.messagesFromUser.set(context, (await this.messagesFromUser.get(context, 0)) + 1);
            switch (text.toLowerCase()) {
            case 'talk to a person':
                // How Omnichannel bots ask for a representative: the escalation rides on a message's channelData.
                await context.sendActivity({
                    type: ActivityTypes.Message,
                    text: 'Let me find a person for you.',
                    channelData: { tags: JSON.stringify({ type: 'Escalate', context: { reason: 'asked' } }) },
                });
                break;
            case 'bye':
                await context.sendActivity('Goodbye.');
                await context.sendActivity({
                    type: ActivityTypes.EndOfConversation,
                    code: EndOfConversationCodes.CompletedSuccessfully,
                });
                break;
            case 'slow':
                await context.sendActivity({ type: ActivityTypes.Typing });
                await new Promise((resolve) => setTimeout(resolve, 1000));
                await context.sendActivity(`You said: ${text} (order ${kept.orderId})`);
                break;
            default:
                await context.sendActivity(`You said: ${text} (order ${kept.orderId})`);
            }
            await next();
        });
    }

    // As in the SDK's samples: save state changes after the turn's logic.
    async run(context) {
        await super.run(context);
        await this.conversationState.saveChanges(context, false);
        await this.userState.saveChanges(context, false);
    }
}

function option(name, envName, fallback) {
    const at = process.argv.indexOf(`--${name}`);
    if (at >= 0 && at + 1 < process.argv.length) {
        return process.argv[at + 1];
    }
    return process.env[envName] || fallback;
}

// No MicrosoftAppId in the environment: anonymous auth, no Authorization header needed.
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(process.env));
if (process.argv.includes('--show-typing')) {
    adapter.use(new ShowTypingMiddleware());
}
adapter.onTurnError = async (context, error) => {
    // As in the samples: log it, send a trace and tell the user.
    console.error(`[onTurnError] unhandled error: ${error}`);
    await context.sendTraceActivity('OnTurnError Trace', `${error}`, 'https://www.botframework.com/schemas/error',
        'TurnError');
    await context.sendActivity('The bot encountered an error or bug.');
};

const storage = new MemoryStorage();
const bot = new WelcomeBot(option('name', 'BOT_NAME', 'Welcome Bot'), new ConversationState(storage),
    new UserState(storage));

// CloudAdapter.process takes restify- or express-like objects: a parsed req.body, and res.status/header/send/end.
// Node's own http objects lack them; these few lines add what the adapter calls, as restify would.
function asRestifyResponse(res) {
    res.status = (code) => {
        res.statusCode = code;
    };
    res.header = (name, value) => {
        res.setHeader(name, value);
    };
    res.send = (body) => {
        if (typeof body === 'string') {
            res.setHeader('content-type', 'text/plain; charset=utf-8');
            res.write(body);
        } else if (body !== undefined) {
            res.setHeader('content-type', 'application/json; charset=utf-8');
            res.write(JSON.stringify(body));
        }
    };
    return res;
}

const server = http.createServer((req, res) => {
    if (req.url !== '/api/messages') {
        res.writeHead(404).end();
        return;
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
        try {
            req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
            req.body = undefined; // the adapter answers 400 for a body that is not a JSON object
        }
        try {
            await adapter.process(req, asRestifyResponse(res), (context) => bot.run(context));
        } catch (error) {
            // What adapter.process throws rather than answers (e.g. an activity without a type).
            console.error(`[process] ${error && error.stack ? error.stack : error}`);
            if (!res.headersSent) {
                res.statusCode = 500;
                res.setHeader('content-type', 'text/plain; charset=utf-8');
            }
            res.end(`${error && error.message ? error.message : error}`);
        }
    });
});

server.listen(Number(option('port', 'PORT', '0')), '127.0.0.1', () => {
    console.log(`listening 127.0.0.1:${server.address().port}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
        server.close();
        process.exit(0);
    });
}
