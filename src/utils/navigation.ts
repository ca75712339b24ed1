import Taro from '@tarojs/taro'

export const LOGIN_PAGE = '/packages/account/login/index'

export function goToLogin() {
  void Taro.navigateTo({ url: LOGIN_PAGE })
}
