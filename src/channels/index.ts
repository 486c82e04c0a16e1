import type { ConversationReference } from 'botbuilder';
import type { Express } from 'express';
import type { BinhDangBot } from '../bot/bot';
import type { Inbox } from '../bot/inbox';
import type { Config } from '../config';
import type { Content } from '../content/types';
import type { ReadinessCheck } from '../http/app';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { Cipher, Pseudonymizer } from '../privacy/crypto';
import type { Stores } from '../stores/ports';
import { botFrameworkChannel } from './botframework';
import { messengerChannel } from './messenger';
import { zaloChannel, zaloSiteVerification } from './zalo';

/** What a channel is given to plug itself in. */
export interface ChannelContext {
  cfg: Config;
  logger: Logger;
  metrics: Metrics;
  content: Content;
  bot: BinhDangBot;
  inbox: Inbox;
  stores: Stores;
  pseudonyms: Pseudonymizer;
  cipher: Cipher;
}

/** The answer to a proactive message: sent, or why not (in words an officer can act on). */
export type ProactiveResult = { ok: true } | { ok: false; reason: 'window-closed' | 'not-following' | 'failed'; code?: string };

/**
 * Sends one message, written by an officer, into a resident's conversation (a callback request
 * answered "in this chat"). The platforms decide whether that is still allowed.
 */
export type ProactiveSender = (reference: Partial<ConversationReference>, text: string) => Promise<ProactiveResult>;

/** A live channel: its routes, what /readyz should ask it, and its lifecycle. */
export interface Channel {
  /** For the startup log, for example "messenger (/webhooks/messenger)". */
  name: string;
  mount(app: Express): void;
  readiness?: ReadinessCheck[];
  /** The platform's channelId and how an officer's message reaches a resident there, if it can. */
  proactive?: { channelId: string; send: ProactiveSender };
  start?(): Promise<void>;
  close?(): Promise<void>;
}

/** Returns the channel, or undefined when its configuration is absent (the channel is off). */
export type ChannelFactory = (ctx: ChannelContext) => Channel | undefined;

/**
 * Every channel the bot knows. A new platform is one line here; each factory decides from the
 * config whether it is live.
 */
export const CHANNEL_FACTORIES: ChannelFactory[] = [
  (ctx) => {
    const bf = botFrameworkChannel(ctx.bot);
    return { name: 'botframework (/api/messages)', mount: bf.mount };
  },
  messengerChannel,
  zaloChannel,
  zaloSiteVerification,
];

export function buildChannels(ctx: ChannelContext, factories: ChannelFactory[] = CHANNEL_FACTORIES): Channel[] {
  return factories.map((f) => f(ctx)).filter((c): c is Channel => c !== undefined);
}
