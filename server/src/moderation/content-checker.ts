import type { ModerationVerdict } from '../../../types/api/labels'
import type { SecurityScene, WechatClient } from '../modules/wechat/wechat.client'

/*
 * The content check every wish passes before a reviewer sees it. Its findings are marks for the reviewer:
 * nothing is published without a person approving it, and nothing is silently dropped.
 */

export type TextCheck = { verdict: Exclude<ModerationVerdict, 'pending'>; labels: string[] }
export type ImageCheck = { verdict: ModerationVerdict; label: string | null; traceId: string | null }

export interface ContentChecker {
  checkText(input: { title: string; text: string; openid: string | null }): Promise<TextCheck>
  /** `url` is where the picture can be downloaded from the internet, when the server has a public address. */
  checkImage(input: { url: string | null; openid: string | null }): Promise<ImageCheck>
}

/** WeChat's label codes (内容安全 v2), in words a reviewer understands. */
const WECHAT_LABELS: Record<string, string> = {
  '100': '正常',
  '10001': '广告',
  '20001': '时政',
  '20002': '色情',
  '20003': '辱骂',
  '20006': '违法犯罪',
  '20008': '欺诈',
  '20012': '低俗',
  '20013': '版权',
  '21000': '其他违规',
}
export function wechatLabel(code: string): string {
  return WECHAT_LABELS[code] ?? `其他（${code}）`
}

/** 资料 (profile-like content) is WeChat's scene for what a user publishes about themselves. */
const SCENE: SecurityScene = 1

/** Production: WeChat's msgSecCheck for text and mediaCheckAsync for pictures (verdict pushed later). */
export class WechatContentChecker implements ContentChecker {
  constructor(
    private readonly wechat: WechatClient,
    private readonly log: { warn: (obj: object, msg: string) => void },
  ) {}

  async checkText({ title, text, openid }: { title: string; text: string; openid: string | null }): Promise<TextCheck> {
    // WeChat checks text on behalf of a user who opened the mini-program recently; staff posting for a resident
    // without a smartphone is checked under the staff member's own openid.
    if (!openid) return { verdict: 'unchecked', labels: ['发布人没有微信身份，未经机审'] }
    try {
      const verdict = await this.wechat.msgSecCheck({ content: `${title}\n${text}`, title, openid, scene: SCENE })
      return { verdict: verdict.suggest, labels: verdict.suggest === 'pass' ? [] : [wechatLabel(verdict.label)] }
    } catch (err) {
      this.log.warn({ err }, 'msgSecCheck failed; the wish goes to review unchecked')
      return { verdict: 'unchecked', labels: ['微信内容安全服务暂不可用，未经机审'] }
    }
  }

  async checkImage({ url, openid }: { url: string | null; openid: string | null }): Promise<ImageCheck> {
    if (!url || !openid) return { verdict: 'unchecked', label: url ? '发布人没有微信身份，未经机审' : '服务器没有公网地址，图片未经机审', traceId: null }
    try {
      const { traceId } = await this.wechat.mediaCheckAsync({ mediaUrl: url, openid, scene: SCENE })
      return { verdict: 'pending', label: null, traceId }
    } catch (err) {
      this.log.warn({ err }, 'mediaCheckAsync failed; the picture goes to review unchecked')
      return { verdict: 'unchecked', label: '微信内容安全服务暂不可用，未经机审', traceId: null }
    }
  }
}

/**
 * Development: a keyword list for text. It cannot judge pictures, and says so (unchecked) rather than pass them.
 */
export class KeywordContentChecker implements ContentChecker {
  constructor(private readonly words: readonly string[] = DEVELOPMENT_KEYWORDS) {}

  async checkText({ title, text }: { title: string; text: string }): Promise<TextCheck> {
    const content = `${title}\n${text}`
    const found = this.words.filter((w) => content.includes(w))
    return found.length ? { verdict: 'risky', labels: found.map((w) => `含敏感词“${w}”`) } : { verdict: 'pass', labels: [] }
  }

  async checkImage(): Promise<ImageCheck> {
    return { verdict: 'unchecked', label: '开发环境不做图片机审', traceId: null }
  }
}

/** Words that mark a wish as risky in development: ads, fraud, gambling — what 微心愿 must never carry. */
export const DEVELOPMENT_KEYWORDS = ['赌博', '博彩', '代开发票', '刷单', '贷款', '加微信', '色情', '枪支', '毒品'] as const
