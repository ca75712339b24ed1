import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { PageShell } from '../../../components/page-shell'
import { goTo, ROUTES } from '../../../utils/navigation'
import { PRIVACY_POLICY_DATE, PRIVACY_POLICY_TITLE, PRIVACY_POLICY_VERSION } from '../../../utils/privacy-policy'
import './index.scss'

type Section = { heading: string; paragraphs: readonly string[] }

/**
 * 《家门口隐私政策》 in plain words for older readers: short sentences, one thing per paragraph. When it changes
 * in substance, change PRIVACY_POLICY_VERSION/DATE (src/utils/privacy-policy.ts) so that it is asked again.
 */
const POLICY_SECTIONS: readonly Section[] = [
  {
    heading: '一、我们是谁',
    paragraphs: [
      '“家门口”是街道和社区（社区党群服务中心）为辖区居民开办的微信小程序，提供微心愿、阵地预约、志愿服务和积分兑换。本政策里的“我们”，指运营家门口的街道和社区。',
    ],
  },
  {
    heading: '二、我们收集哪些信息，为什么要用',
    paragraphs: [
      '1. 微信身份：您登录时，微信告诉我们一个识别您账号的编号。我们拿不到您的微信号、聊天记录和好友。',
      '2. 手机号：只有您点“微信手机号”按钮同意，或者自己填写时，我们才有您的手机号。用于认领心愿后互相联系，以及社区工作人员、活动组织者在需要时联系您。消息提醒通过微信的订阅消息发送，不用手机号。',
      '3. 姓名和家庭住址：用于把积分记到您家，以及心愿被认领后让帮忙的人找到您。公开展示时只显示姓氏（如“张**”）和楼栋。',
      '4. 志愿者实名信息：注册志愿者时，在您单独勾选同意后，登记真实姓名、手机号、服务技能和方便的时间，用于志愿服务记录和出具证明。',
      '5. 位置：只有在您同意之后，并且只在您查看“附近服务阵地”的距离、或参加要求“现场签到”的志愿活动扫码时，获取一次当前位置。我们不记录您的行踪，您可以随时撤回同意。',
      '6. 照片：您发布心愿或上传完成凭证时自己选的照片。照片会经过内容安全检查。',
      '7. 使用记录：您的心愿、预约、报名签到、积分和兑换记录，用来为您提供服务和做社区统计。',
    ],
  },
  {
    heading: '三、我们怎样保护您的信息',
    paragraphs: [
      '1. 手机号加密保存。除了认领您心愿的人、您报名活动的组织者和本社区工作人员等确实需要联系您的人，其他任何地方显示时都隐去中间四位（如138****5678）。',
      '2. 工作人员每次查看您的手机号等个人信息，系统都会记下是谁、什么时候、为什么查看。您可以在“我的 › 个人信息与隐私”里看到这些记录。',
      '3. 社区工作人员只能处理本社区的事务。',
    ],
  },
  {
    heading: '四、保存多久',
    paragraphs: [
      '1. 您使用家门口期间，您的信息一直保存。注销账号后，您的姓名、手机号、住址等个人信息会被删除或做匿名处理。',
      '2. 积分记录关系到全家的积分余额，注销后以不显示您姓名的方式保留。志愿服务记录和已出具的证明，按《志愿服务记录与证明出具办法》保存。',
    ],
  },
  {
    heading: '五、我们不出售、不共享',
    paragraphs: [
      '1. 我们不会出售、出租您的个人信息，也不会提供给其他单位或个人，法律法规另有规定的除外。',
      '2. 家门口运行在微信上：登录、消息提醒（订阅消息）和内容安全检查由微信（腾讯公司）提供，相关信息按微信的规则处理。',
    ],
  },
  {
    heading: '六、儿童的信息',
    paragraphs: ['不满14周岁的儿童的信息，需要父母或其他监护人同意。家庭成员里的儿童，任何展示的地方都只显示姓名的第一个字。'],
  },
  {
    heading: '七、您的权利',
    paragraphs: [
      '在“我的 › 个人信息与隐私”里，您可以：',
      '1. 查看我们保存的您的信息，并导出一份完整的文件；',
      '2. 撤回使用位置的同意；订阅的消息提醒，可以在小程序右上角“··· › 设置”里关闭；',
      '3. 注销账号。',
      '信息有误需要更正的，志愿者登记信息可以自己修改；姓名、住址等请联系社区工作人员更正。',
    ],
  },
  {
    heading: '八、联系我们',
    paragraphs: ['对个人信息有疑问、意见或投诉，请到您所在的社区党群服务中心，或联系社区工作人员。我们会在15个工作日内答复您。'],
  },
]

/** 隐私政策. It carries no privacy prompt of its own: the prompt links here, and the user reads it first. */
export default function PrivacyPolicyPage() {
  const openWechatGuide = () => {
    Taro.openPrivacyContract({
      fail: () => void Taro.showToast({ title: '暂时无法打开，请稍后再试', icon: 'none', duration: 2500 }),
    })
  }
  return (
    <PageShell privacyPrompt={false}>
      <View className='card policy'>
        <View className='policy__title'>{PRIVACY_POLICY_TITLE}</View>
        <View className='muted policy__version'>
          更新日期：{PRIVACY_POLICY_DATE}（版本 {PRIVACY_POLICY_VERSION}）
        </View>
        <View className='policy__intro'>请您仔细阅读。我们只收集提供服务所必需的信息，并尽力保护好它们。</View>
        {POLICY_SECTIONS.map((s) => (
          <View key={s.heading} className='policy__section'>
            <View className='policy__heading'>{s.heading}</View>
            {s.paragraphs.map((p) => (
              <View key={p} className='policy__paragraph'>
                {p}
              </View>
            ))}
          </View>
        ))}
      </View>
      <Button block className='tap-target policy__personal-info' onClick={() => goTo(ROUTES.personalInfo)}>
        查看我的个人信息
      </Button>
      {process.env.TARO_ENV === 'weapp' ? (
        <Button block className='tap-target policy__wechat-guide' onClick={openWechatGuide}>
          查看微信小程序隐私保护指引
        </Button>
      ) : null}
    </PageShell>
  )
}
